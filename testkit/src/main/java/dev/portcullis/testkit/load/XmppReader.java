package dev.portcullis.testkit.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blocking reader for one XML stream, by markers: enough to drive a negotiation whose every step is known
 * (the load generator measures the server, not itself). Consumed text is dropped so a long-lived stream does
 * not grow. Reading in bulk is safe across STARTTLS and SASL: after {@code <proceed/>} the server waits for
 * our ClientHello (RFC 6120 §5.4.3.3) and after {@code <success/>} for our new stream header (§6.4.6).
 */
final class XmppReader {
    private static final Pattern FEATURES_END = Pattern.compile("</stream:features>|<stream:features[^>]*/>");

    private final Socket socket;
    private final InputStream in;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final byte[] chunk = new byte[8192];

    XmppReader(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** Reads until {@code marker}; returns the text up to and including it and drops it from the buffer. */
    String until(String marker, long deadlineNanos) throws IOException {
        return until(Pattern.compile(Pattern.quote(marker)), deadlineNanos);
    }

    String features(long deadlineNanos) throws IOException {
        return until(FEATURES_END, deadlineNanos);
    }

    String until(Pattern marker, long deadlineNanos) throws IOException {
        while (true) {
            String text = buf.toString(StandardCharsets.UTF_8);
            Matcher m = marker.matcher(text);
            if (m.find()) {
                String head = text.substring(0, m.end());
                String rest = text.substring(m.end());
                buf.reset();
                buf.writeBytes(rest.getBytes(StandardCharsets.UTF_8));
                return head;
            }
            if (text.contains("</stream:stream>") || text.contains("<stream:error")) {
                throw new LoadException("the server ended the stream while " + marker + " was expected: " + tail(text));
            }
            long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new LoadException("timed out waiting for " + marker + "; received: " + tail(text));
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left)));
            try {
                int n = in.read(chunk);
                if (n < 0) {
                    throw new LoadException("the server closed the connection while " + marker + " was expected: " + tail(text));
                }
                buf.write(chunk, 0, n);
            } catch (SocketTimeoutException e) {
                // loop checks the deadline
            }
        }
    }

    private static String tail(String s) {
        return s.length() > 600 ? "..." + s.substring(s.length() - 600) : s;
    }
}
