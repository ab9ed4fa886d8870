package dev.portcullis.demo;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough XML reading for the demo's fake peers: wait for a tag on a plaintext stream. They are props that
 * play one script, not XMPP implementations, so a text scan is enough (the hosts do the real parsing).
 */
final class XmlSniffer {
    private static final int LIMIT = 64 * 1024;

    private XmlSniffer() {
    }

    /** Reads until {@code start} has been seen and then {@code end}; returns the text from {@code start} on. */
    static String readUntil(InputStream in, String start, String end) throws IOException {
        StringBuilder b = new StringBuilder();
        while (b.length() < LIMIT) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("the other side closed the connection while we waited for " + start);
            }
            b.append((char) c);
            int s = b.indexOf(start);
            if (s >= 0 && b.indexOf(end, s + start.length()) >= 0) {
                return b.substring(s);
            }
        }
        throw new IOException("no " + start + " within " + LIMIT + " bytes");
    }

    /** The value of attribute {@code name} in a start tag, or null. */
    static String attribute(String tag, String name) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(name) + "\\s*=\\s*['\"]([^'\"]*)['\"]").matcher(tag);
        return m.find() ? m.group(1) : null;
    }
}
