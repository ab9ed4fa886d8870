package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Coverage-guided fuzzing of the stream decoder (RFC 6120 §11: hostile input must end in a stream error,
 * never in another exception, a hang or unbounded memory).
 *
 * <p>{@code mvn test} runs Jazzer in regression mode: it replays the seed inputs in
 * {@code src/test/resources/dev/portcullis/stream/StreamDecoderFuzzTestInputs/decoderNeverFailsOutsideStreamErrors/}
 * plus any crash reproducers found earlier, which takes well under a second. {@code mvn verify} (and so CI and
 * {@code ./portcullis test}) then fuzzes for real: the {@code fuzz-stream-decoder} execution in this module's
 * pom runs this class again with {@code JAZZER_FUZZ=1}, coverage-guided, for {@code maxDuration} (60 s).
 *
 * <p>A longer campaign, from the repository root after {@code mvn -o install -pl bundles/api,testkit -DskipTests}:
 * <pre>
 *   JAZZER_FUZZ=1 mvn -o test -pl bundles/stream -Dtest=StreamDecoderFuzzTest -Djazzer.hooks=true
 * </pre>
 * Each such run fuzzes for {@code maxDuration} (jazzer-junit 0.24 takes the duration from the annotation
 * only: raise it, e.g. to {@code "8h"}, for a long campaign, or repeat the command: the generated corpus in
 * {@code bundles/stream/.cifuzz-corpus/} persists, so each run continues where the last one stopped).
 * {@code -Djazzer.hooks=true} turns Jazzer's instrumentation back on (coverage and sanitizer hooks; without it
 * the fuzzer is blind), which the module's pom turns off for the quick regression run. A finding fails the test and is written as {@code crash-*} next to the
 * seeds; fix the bug, give the file a descriptive name and commit it so the regression run keeps checking
 * it. Two such findings are there already: a NUL in lazily parsed text and a redeclared {@code xmlns}
 * prefix, on which Aalto throws unchecked exceptions.
 */
class StreamDecoderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void decoderNeverFailsOutsideStreamErrors(FuzzedDataProvider data) {
        int maxBytes = data.consumeInt(1024, 64 * 1024);
        int pieces = data.consumeInt(1, 8);
        StreamDecoder decoder = new StreamDecoder(maxBytes);
        RecordingHandler handler = new RecordingHandler();
        boolean[] stopped = {false};
        handler.stopAt = e -> stopped[0] = e.name().equals("proceed");
        try {
            for (int i = 0; i < pieces && !decoder.isClosed(); i++) {
                byte[] chunk = i == pieces - 1 ? data.consumeRemainingAsBytes() : data.consumeBytes(data.consumeInt(0, 512));
                ByteBuffer buffer = ByteBuffer.wrap(chunk);
                decoder.feed(buffer, handler);
                if (stopped[0]) {
                    // a restart point (RFC 6120 §5.4.3.3), also when <proceed/> ends the chunk: the rest
                    // belongs to TLS, and the host uses a new decoder, as feed's contract says
                    return;
                }
            }
        } catch (StreamException expected) {
            assertTrue(expected.text().length() > 0, "a stream error always explains itself");
        }
        for (Element e : handler.elements) {
            // whatever was accepted can be written out again (RFC 6120 §11.6)
            assertTrue(e.toXml().startsWith("<" + e.name()));
        }
    }
}
