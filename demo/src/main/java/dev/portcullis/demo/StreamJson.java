package dev.portcullis.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.api.Direction;
import dev.portcullis.api.stream.StreamView;
import java.io.IOException;
import java.util.List;

/**
 * Reads {@code portcullis:streams --json} into the API's {@link StreamView}s (the host writes them with
 * Jackson; the demo reads them back the same way), and the few derived facts the demo prints (RFC 7590 §3.6).
 */
final class StreamJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamJson() {
    }

    /** Parses the command's output: a JSON array, possibly after other text the shell printed. */
    static List<StreamView> parse(String output) throws IOException {
        int start = output.indexOf('[');
        if (start < 0) {
            throw new IOException("portcullis:streams --json printed no JSON array: " + abbreviate(output));
        }
        return List.of(JSON.readValue(output.substring(start, output.lastIndexOf(']') + 1), StreamView[].class));
    }

    static boolean outbound(StreamView v) {
        return v.direction() == Direction.OUTBOUND;
    }

    /** FIRST_SEEN, UNCHANGED, RENEWED_SAME_KEY, CHANGED, or null when the memory gave no verdict. */
    static String changeKind(StreamView v) {
        return v.certificateChange() == null ? null : v.certificateChange().kind();
    }

    /** The fingerprint remembered before a change, or null. */
    static String previousSha256(StreamView v) {
        return v.certificateChange() == null ? null : v.certificateChange().previousSha256();
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}
