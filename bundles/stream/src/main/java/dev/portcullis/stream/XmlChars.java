package dev.portcullis.stream;

/** Character rules of XML 1.0 §2.2 and §2.3 for what {@link Element} accepts. */
final class XmlChars {
    private XmlChars() {
    }

    /** XML 1.0 §2.2 Char production. */
    static boolean isXmlChar(int c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
    }

    static String requireText(String s) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (!isXmlChar(c)) { // lone surrogates are outside the Char production; pairs are one code point
                throw new IllegalArgumentException(String.format(
                        "character U+%04X at index %d is not allowed in XML 1.0 (RFC 6120 §11.6)", c, i));
            }
            i += Character.charCount(c);
        }
        return s;
    }

    /**
     * {@code s} with every character XML 1.0 forbids (RFC 6120 §11.6: e.g. U+FFFE, U+FFFF, C0 controls, lone
     * surrogates) replaced by U+FFFD, cut after {@code maxChars} characters (never inside a surrogate pair)
     * with an ellipsis. For text we write that may embed what a peer sent; never throws.
     */
    static String clean(String s, int maxChars) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = null;
        int i = 0;
        for (; i < s.length(); ) {
            int c = s.codePointAt(i);
            int n = Character.charCount(c);
            if (i + n > maxChars) {
                break;
            }
            boolean ok = isXmlChar(c); // a lone surrogate comes back from codePointAt as itself: not a Char
            if (!ok && sb == null) {
                sb = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (sb != null) {
                if (ok) {
                    sb.appendCodePoint(c);
                } else {
                    sb.append('\uFFFD');
                }
            }
            i += n;
        }
        String out = sb == null ? s.substring(0, i) : sb.toString();
        return i < s.length() ? out + "…" : out;
    }

    static String requireName(String name) {
        if (name == null || name.isEmpty() || name.indexOf(':') >= 0 || !isNcName(name)) {
            throw new IllegalArgumentException("not an XML local name: " + name);
        }
        return name;
    }

    static String requireAttributeName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty attribute name");
        }
        if (name.startsWith("{")) {
            int end = name.indexOf('}');
            if (end < 2) {
                throw new IllegalArgumentException("bad Clark-notation attribute name: " + name);
            }
            requireName(name.substring(end + 1));
        } else if (name.startsWith("xml:")) {
            requireName(name.substring(4));
        } else {
            requireName(name);
        }
        return name;
    }

    private static boolean isNcName(String s) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            boolean ok = i == 0 ? isNameStart(c) : isNameStart(c) || c == '-' || c == '.' || (c >= '0' && c <= '9')
                    || c == 0xB7 || (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
            if (!ok) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    private static boolean isNameStart(int c) {
        return (c >= 'A' && c <= 'Z') || c == '_' || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0xD6)
                || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D)
                || (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) || (c >= 0x2070 && c <= 0x218F)
                || (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF)
                || (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
    }
}
