package dev.portcullis.api;

/**
 * Text a peer controls, made safe for one log line (CWE-117: log injection; log flooding): a domain from a
 * stream header or attribute, a stream id, a stream error's {@code <text/>}, an element name, an SNI, a peer
 * certificate's subject, POSH or DNS content — or a message that embeds any of these.
 *
 * <p>{@link #toString()} is the rule, implemented once for every bundle: each control character (C0, DEL,
 * C1), line and paragraph separator, bidirectional control, byte-order mark, non-character and lone
 * surrogate is written as a visible escape ({@code \n}, {@code \r}, {@code \t}, {@code \u001b} …; a
 * backslash as {@code \\}), so a peer can neither start a line of its own in the log nor hide text; and the
 * result is cut after {@code limit} characters with a marker giving the original length, so one value cannot
 * flood the log. Pass the record itself as the SLF4J argument: the work is done only when the line is
 * written.
 *
 * <pre>{@code LOG.warn("{} sent stream error <{}/>: {}", PeerText.of(domain), condition, PeerText.of(text));}</pre>
 *
 * @param text  the peer-controlled text as received; {@code null} when absent (shown as {@code (none)})
 * @param limit the most characters of escaped text written before the truncation marker, at least
 *              {@value #MIN_LIMIT}
 */
public record PeerText(String text, int limit) {
    /** The bound for one value (a domain, an id, an element name): 256 characters. */
    public static final int DEFAULT_LIMIT = 256;
    /** The bound for a whole message that embeds peer values (a stream error's text, a reason): 1024. */
    public static final int MESSAGE_LIMIT = 1024;
    /** The smallest limit accepted. */
    public static final int MIN_LIMIT = 16;

    public PeerText {
        if (limit < MIN_LIMIT) {
            throw new IllegalArgumentException("limit must be at least " + MIN_LIMIT + "; got " + limit);
        }
    }

    /** One peer-controlled value, bounded to {@link #DEFAULT_LIMIT}. */
    public static PeerText of(String text) {
        return new PeerText(text, DEFAULT_LIMIT);
    }

    /** Any peer-controlled value (an element, a list of names), by its {@code String.valueOf}. */
    public static PeerText of(Object value) {
        return new PeerText(value == null ? null : String.valueOf(value), DEFAULT_LIMIT);
    }

    /** A message that embeds peer-controlled values, bounded to {@link #MESSAGE_LIMIT}. */
    public static PeerText message(String text) {
        return new PeerText(text, MESSAGE_LIMIT);
    }

    /** True when {@link #toString()} cuts the text. */
    public boolean truncated() {
        return text != null && escapedLength(text, limit + 1) > limit;
    }

    /** The escaped, bounded text for a log line. */
    @Override
    public String toString() {
        if (text == null) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), limit) + 16);
        int i = 0;
        while (i < text.length()) {
            int mark = sb.length();
            int c = text.codePointAt(i);
            int n = Character.charCount(c);
            if (Character.isSurrogate((char) c)) {
                n = 1; // a lone surrogate: codePointAt returned it as is
            }
            appendEscaped(sb, c);
            if (sb.length() > limit) {
                sb.setLength(mark); // never cut an escape or a surrogate pair in half
                break;
            }
            i += n;
        }
        if (i < text.length()) {
            sb.append("…[truncated: ").append(text.length()).append(" characters in all]");
        }
        return sb.toString();
    }

    private static int escapedLength(String s, int stopAt) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < stopAt; ) {
            int c = s.codePointAt(i);
            appendEscaped(sb, c);
            i += Character.isSurrogate((char) c) ? 1 : Character.charCount(c);
        }
        return sb.length();
    }

    private static void appendEscaped(StringBuilder sb, int c) {
        switch (c) {
            case '\\' -> sb.append("\\\\");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            default -> {
                if (needsEscape(c)) {
                    sb.append(String.format("\\u%04x", c));
                } else {
                    sb.appendCodePoint(c);
                }
            }
        }
    }

    /** Characters that break, fake or hide a log line, or that no text encoding can carry. */
    private static boolean needsEscape(int c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F)             // C0, DEL, C1 (NEL U+0085 ends a line too)
                || c == 0x2028 || c == 0x2029                      // line and paragraph separators
                || c == 0x061C || c == 0x200E || c == 0x200F      // bidi marks
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) // bidi embeddings, isolates
                || c == 0xFEFF                                    // byte-order mark
                || (c >= 0xFFF9 && c <= 0xFFFB)                   // interlinear annotation controls
                || (c & 0xFFFE) == 0xFFFE || (c >= 0xFDD0 && c <= 0xFDEF) // non-characters
                || (c >= 0xD800 && c <= 0xDFFF);                  // lone surrogates
    }
}
