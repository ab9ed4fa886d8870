package dev.portcullis.console;

import java.io.IOException;
import java.io.Writer;

/**
 * Passes an HTML page through and writes {@code snippet} just before its first {@code </head>} (any case),
 * while streaming: at most the few characters of a possible {@code </head>} are held back. A page without a
 * head goes through unchanged. Felix Web Console's pages are written by its own templates, so this is the one
 * place the console's anti-CSRF script can be added to every page, including Felix's plugins.
 */
final class HeadInjector extends Writer {
    private static final char[] END_HEAD = "</head>".toCharArray();

    private final Writer out;
    private final String snippet;
    private final char[] held = new char[END_HEAD.length];
    private int matched;
    private boolean done;

    HeadInjector(Writer out, String snippet) {
        this.out = out;
        this.snippet = snippet;
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        if (done) {
            out.write(buf, off, len);
            return;
        }
        int start = off;
        int end = off + len;
        for (int i = off; i < end && !done; i++) {
            char c = Character.toLowerCase(buf[i]);
            if (c == END_HEAD[matched]) {
                if (matched == 0) {
                    out.write(buf, start, i - start);
                }
                held[matched++] = buf[i];
                start = i + 1;
                if (matched == END_HEAD.length) {
                    out.write(snippet);
                    out.write(held, 0, matched);
                    matched = 0;
                    done = true;
                }
            } else if (matched > 0) {
                // "</head>" has no proper prefix that is also a suffix: only '<' can start a new match
                out.write(held, 0, matched);
                matched = 0;
                start = i;
                if (c == END_HEAD[0]) {
                    held[matched++] = buf[i];
                    start = i + 1;
                }
            }
        }
        if (start < end) {
            out.write(buf, start, end - start);
        }
    }

    /** Writes what is held back: the page ended or is being flushed in the middle of a possible {@code </head>}. */
    void release() throws IOException {
        if (matched > 0) {
            out.write(held, 0, matched);
            matched = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        release();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        release();
        out.close();
    }
}
