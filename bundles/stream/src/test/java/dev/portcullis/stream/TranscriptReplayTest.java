package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A whole inbound negotiation transcript (stream header, dialback, stanzas, close; XEP-0220 §2.2) replayed
 * into fresh sessions split at every byte offset: the session's answers, authentications and stanzas must
 * be identical to the unsplit run (docs/CONVENTIONS.md §9). Stream IDs are fixed so the runs are comparable.
 */
class TranscriptReplayTest {
    private static final String STREAM_ID = "fixed-stream-id";

    /** The initiating server's turns: it waits for the answer after each (XEP-0220 §2.1.1). */
    private static List<String> turns() {
        String key = new FakeDialback("alpha-secret").key(TestPki.BETA, TestPki.ALPHA, STREAM_ID);
        return List.of(Raw.HEADER,
                "<db:result from='alpha.test' to='beta.test'>" + key + "</db:result>",
                "<db:verify from='alpha.test' to='beta.test' id='other-stream'>0123abcd</db:verify>"
                + "<message from='juliet@alpha.test/balcony' to='romeo@beta.test' id='1'><body>Wherefore art thou, "
                + "Romeo? &lt;3 &amp; é \uD83C\uDF39</body></message>\n"
                + "<presence from='juliet@alpha.test' to='romeo@beta.test'><status>here</status></presence>   "
                + "<iq type='get' id='ping' from='alpha.test' to='beta.test'><ping xmlns='urn:xmpp:ping'/></iq>"
                + "</stream:stream>");
    }

    private record Run(String output, List<String> authenticated, List<Element> stanzas, boolean closed,
                       StreamException error) {
    }

    /** Delivers the turns, running queued tasks after each piece, with one extra cut at {@code split}. */
    private static Run replay(List<String> turns, int split) {
        TestHost host = new TestHost("replay");
        TestServices services = TestServices.beta();
        services.policy.plaintextPeers.add(TestPki.ALPHA);
        services.fakeDialback.authoritative = FakeDialback.askDirectly(new FakeDialback("alpha-secret"));
        SessionConfig config = new SessionConfig(4096, 8, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), () -> STREAM_ID);
        host.session = S2sSession.inbound(host, services, config, false, "127.0.0.1", 40000);
        host.session.start();
        StringBuilder out = new StringBuilder();
        int offset = 0;
        for (String turn : turns) {
            byte[] bytes = turn.getBytes(StandardCharsets.UTF_8);
            int cut = Math.max(0, Math.min(bytes.length, split - offset));
            for (ByteBuffer piece : List.of(ByteBuffer.wrap(bytes, 0, cut), ByteBuffer.wrap(bytes, cut, bytes.length - cut))) {
                host.session.receive(piece);
                host.runTasks();
                out.append(host.drainText());
            }
            offset += bytes.length;
        }
        return new Run(out.toString(), host.authenticated, host.stanzas, host.closed, host.closedWith);
    }

    @Test
    void answersIdenticallyWhenTheTranscriptIsSplitAtEveryByte_rfc6120_4_2_xep0220_2_2() {
        List<String> turns = turns();
        int length = String.join("", turns).getBytes(StandardCharsets.UTF_8).length;
        Run whole = replay(turns, length);
        assertEquals(List.of("beta.test|alpha.test|DIALBACK"), whole.authenticated());
        assertEquals(3, whole.stanzas().size());
        assertTrue(whole.closed());
        assertEquals(null, whole.error());
        assertTrue(whole.output().contains("<db:result from='beta.test' to='alpha.test' type='valid'/>"), whole.output());
        assertTrue(whole.output().contains("<db:verify from='beta.test' to='alpha.test' id='other-stream' type='invalid'/>"),
                whole.output());
        assertTrue(whole.output().endsWith("</stream:stream>"));
        for (int split = 0; split < length; split++) {
            assertEquals(whole, replay(turns, split), "split at byte " + split);
        }
    }
}
