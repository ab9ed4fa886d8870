package dev.portcullis.checker;

import dev.portcullis.stream.Element;
import dev.portcullis.stream.Namespaces;
import dev.portcullis.stream.StreamDecoder;
import dev.portcullis.stream.StreamException;
import dev.portcullis.stream.StreamHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One XMPP server-to-server stream as the initiating entity (RFC 6120 §4.7), read with the project's
 * {@link StreamDecoder} (RFC 6120 §11.1 restrictions, size limits). Blocking: the checker is a CLI tool with one
 * connection per thread.
 */
final class XmppStream {
    /** The peer's header and first features element (RFC 6120 §4.3.2). */
    record Opened(StreamHeader header, Element features) {
    }

    private static final int MAX_ELEMENT = 256 * 1024;

    private final InputStream in;
    private final OutputStream out;
    private final StreamDecoder decoder = new StreamDecoder(MAX_ELEMENT);
    private final Deque<Element> elements = new ArrayDeque<>();
    private final byte[] buffer = new byte[8192];
    private StreamHeader header;
    private boolean closed;
    private boolean stopAfterProceed;

    XmppStream(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /**
     * Sends our header (declaring the dialback namespace, as XEP-0220 §2.1 senders do) and reads the peer's
     * header and stream features.
     */
    Opened open(String from, String to) throws IOException {
        String h = "<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='" + Namespaces.STREAMS
                + "' xmlns:db='" + Namespaces.DIALBACK + "' from='" + xmlAttr(from) + "' to='" + xmlAttr(to)
                + "' version='1.0'>";
        out.write(h.getBytes(StandardCharsets.UTF_8));
        out.flush();
        Element features = next();
        if (!features.is(Namespaces.STREAMS, "features")) {
            throw new IOException("expected <stream:features/> (RFC 6120 §4.3.2) but the server sent <"
                    + features.name() + "/>: " + abbreviate(features.toXml()));
        }
        return new Opened(header, features);
    }

    /** RFC 6120 §5.4.2: sends {@code <starttls/>} and expects {@code <proceed/>}; TLS starts on the same socket. */
    void startTls() throws IOException {
        stopAfterProceed = true;
        out.write(("<starttls xmlns='" + Namespaces.TLS + "'/>").getBytes(StandardCharsets.UTF_8));
        out.flush();
        Element e = next();
        if (!e.is(Namespaces.TLS, "proceed")) {
            throw new IOException("the server answered STARTTLS with <" + e.name() + "/> instead of <proceed/>"
                    + " (RFC 6120 §5.4.2.2)");
        }
    }

    /** Ends the stream politely (RFC 6120 §4.4). */
    void close() {
        try {
            out.write("</stream:stream>".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // the connection is going away anyway
        }
    }

    private Element next() throws IOException {
        while (elements.isEmpty()) {
            if (closed) {
                throw new IOException("the server closed the stream");
            }
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("the server closed the connection"
                        + (header == null ? " before sending a stream header" : ""));
            }
            try {
                decoder.feed(ByteBuffer.wrap(buffer, 0, n), handler);
            } catch (StreamException e) {
                throw new IOException("the server's stream is not acceptable XMPP: " + e.getMessage(), e);
            }
        }
        Element e = elements.poll();
        if (e.is(Namespaces.STREAMS, "error")) {
            throw new IOException("the server sent a stream error: " + describeError(e));
        }
        return e;
    }

    private final StreamDecoder.Handler handler = new StreamDecoder.Handler() {
        @Override
        public void streamOpened(StreamHeader h) {
            header = h;
        }

        @Override
        public boolean element(Element element) {
            elements.add(element);
            // after <proceed/> the next bytes are TLS records and must stay unread
            return !(stopAfterProceed && element.is(Namespaces.TLS, "proceed"));
        }

        @Override
        public void streamClosed() {
            closed = true;
        }
    };

    /** {@code <not-authorized/> "text"} from a stream error (RFC 6120 §4.9.2). */
    static String describeError(Element error) {
        String condition = null;
        String text = null;
        for (Element c : error.children()) {
            if ("text".equals(c.name())) {
                text = c.text();
            } else if (condition == null) {
                condition = c.name();
            }
        }
        return "<" + (condition == null ? "undefined-condition" : condition) + "/>"
                + (text == null || text.isBlank() ? "" : " \"" + abbreviate(text.trim()) + "\"");
    }

    private static String xmlAttr(String s) {
        return s.replace("&", "&amp;").replace("'", "&apos;").replace("<", "&lt;");
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
