package dev.portcullis.stream;

/**
 * A byte-level pass in front of the XML parser. It finds where each top-level element ends, so the
 * decoder can stop exactly there at a restart point (Aalto's async byte offsets are not reliable across
 * feeds), measures each element for the size limit before the parser buffers it (RFC 6120 §13.12),
 * enforces strict UTF-8 (RFC 3629 §3: no overlong forms, surrogates or code points above U+10FFFF, some of
 * which the parser alone accepts) and spots a DOCTYPE or comment outside CDATA (RFC 6120 §11.1), which the
 * async parser would report only as a generic syntax error. Well-formedness is the parser's job; this
 * lexer only tracks tags, quotes, CDATA and processing instructions.
 */
final class ByteScanner {
    private static final int TEXT = 0;
    private static final int LT = 1;
    private static final int START_TAG = 2;
    private static final int END_TAG = 3;
    private static final int PI = 4;
    private static final int BANG = 5;
    private static final int CDATA = 6;

    private final int maxUnitBytes;
    private final int maxDepth;

    private int pending;        // UTF-8 continuation bytes still expected
    private int lower = 0x80;   // allowed range of the next continuation byte
    private int upper = 0xBF;

    private int state = TEXT;
    private int quote;          // the quote character inside a start tag, or 0
    private boolean slash;      // the previous start-tag byte was '/'
    private boolean question;   // the previous PI byte was '?'
    private int cdataSkip;      // bytes of "CDATA[" still to skip
    private int cdataEnd;       // how much of "]]>" was seen
    private int depth;
    private long unitBytes;     // bytes since the last top-level boundary

    private StreamErrorCondition problem;
    private String problemText;

    ByteScanner(int maxUnitBytes, int maxDepth) {
        this.maxUnitBytes = maxUnitBytes;
        this.maxDepth = maxDepth;
    }

    /**
     * Scans from {@code from} and returns the index just after the first top-level boundary (the end of
     * the stream open tag, of a top-level element, or of the stream), or {@code to} if none, or the index of
     * the first bad byte when {@link #problem()} is set.
     */
    int scan(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xFF;
            if (!utf8(c)) {
                return flag(i, StreamErrorCondition.NOT_WELL_FORMED,
                        String.format("invalid UTF-8 byte 0x%02X in the stream (RFC 3629 §3, RFC 6120 §11.6)", c));
            }
            if (state == TEXT && depth == 1 && (c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
                unitBytes = 0; // whitespace keepalives between stanzas (RFC 6120 §4.6.1) never add up
                continue;
            }
            if (++unitBytes > maxUnitBytes) {
                return flag(i, StreamErrorCondition.POLICY_VIOLATION, "a stanza or stream element of more than "
                        + maxUnitBytes + " bytes exceeds the limit (RFC 6120 §13.12, §4.9.3.14)");
            }
            int boundary = lex(c);
            if (boundary < 0) {
                return i;
            }
            if (boundary > 0) {
                unitBytes = 0;
                return i + 1;
            }
        }
        return to;
    }

    StreamErrorCondition problem() {
        return problem;
    }

    String problemText() {
        return problemText;
    }

    private int flag(int index, StreamErrorCondition condition, String text) {
        problem = condition;
        problemText = text;
        return index;
    }

    /** 1 at a top-level boundary, -1 on a problem, else 0. */
    private int lex(int c) {
        switch (state) {
            case TEXT -> {
                if (c == '<') {
                    state = LT;
                }
            }
            case LT -> {
                switch (c) {
                    case '/' -> state = END_TAG;
                    case '?' -> {
                        state = PI;
                        question = false;
                    }
                    case '!' -> state = BANG;
                    default -> {
                        state = START_TAG;
                        quote = 0;
                        slash = false;
                    }
                }
            }
            case START_TAG -> {
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                    slash = false;
                } else if (c == '>') {
                    state = TEXT;
                    if (slash) {
                        return depth == 1 ? 1 : 0; // an empty element; at depth 1 a whole top-level element
                    }
                    depth++;
                    if (depth > maxDepth) {
                        problem = StreamErrorCondition.POLICY_VIOLATION;
                        problemText = "elements nested deeper than " + (maxDepth - 1) + " levels (RFC 6120 §4.9.3.14)";
                        return -1;
                    }
                    return depth == 1 ? 1 : 0; // the stream open tag
                } else {
                    slash = c == '/';
                }
            }
            case END_TAG -> {
                if (c == '>') {
                    state = TEXT;
                    depth--;
                    return depth <= 1 ? 1 : 0; // a top-level element ended, or the stream itself
                }
            }
            case PI -> {
                if (c == '>' && question) {
                    state = TEXT;
                }
                question = c == '?';
            }
            case BANG -> {
                if (c == '-') {
                    problem = StreamErrorCondition.RESTRICTED_XML;
                    problemText = "the stream contains an XML comment, which XMPP forbids (RFC 6120 §11.1)";
                    return -1;
                }
                if (c == 'D') {
                    problem = StreamErrorCondition.RESTRICTED_XML;
                    problemText = "the stream contains a document type declaration (DTD), which XMPP forbids (RFC 6120 §11.1)";
                    return -1;
                }
                state = c == '[' ? CDATA : TEXT;
                cdataSkip = 6;
                cdataEnd = 0;
            }
            case CDATA -> {
                if (cdataSkip > 0) {
                    cdataSkip--;
                } else if (c == ']') {
                    cdataEnd = Math.min(cdataEnd + 1, 2);
                } else if (c == '>' && cdataEnd == 2) {
                    state = TEXT;
                } else {
                    cdataEnd = 0;
                }
            }
            default -> throw new IllegalStateException("lexer state " + state);
        }
        return 0;
    }

    private boolean utf8(int c) {
        if (pending > 0) {
            if (c < lower || c > upper) {
                return false;
            }
            pending--;
            lower = 0x80;
            upper = 0xBF;
            return true;
        }
        if (c < 0x80) {
            return true;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            pending = 1;
        } else if (c == 0xE0) {
            pending = 2;
            lower = 0xA0;           // no overlong 3-byte forms
        } else if (c >= 0xE1 && c <= 0xEC || c == 0xEE || c == 0xEF) {
            pending = 2;
        } else if (c == 0xED) {
            pending = 2;
            upper = 0x9F;           // no UTF-16 surrogates
        } else if (c == 0xF0) {
            pending = 3;
            lower = 0x90;           // no overlong 4-byte forms
        } else if (c >= 0xF1 && c <= 0xF3) {
            pending = 3;
        } else if (c == 0xF4) {
            pending = 3;
            upper = 0x8F;           // nothing above U+10FFFF
        } else {
            return false;           // C0, C1, F5-FF, stray continuation bytes
        }
        return true;
    }
}
