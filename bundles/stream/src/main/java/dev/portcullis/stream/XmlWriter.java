package dev.portcullis.stream;

import java.util.HashMap;
import java.util.Map;

/** Serialises {@link Element}s with escaping of text and attribute values (XML 1.0 §2.4, §3.1). */
final class XmlWriter {
    private XmlWriter() {
    }

    static String write(Element e, String defaultNamespace, Map<String, String> prefixes) {
        StringBuilder sb = new StringBuilder(128);
        write(sb, e, defaultNamespace, prefixes);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Element e, String parentDefault, Map<String, String> prefixes) {
        String prefix = e.namespace().equals(parentDefault) ? null : prefixes.get(e.namespace());
        String qname = prefix == null ? e.name() : prefix + ":" + e.name();
        String ownDefault = prefix == null ? e.namespace() : parentDefault;
        sb.append('<').append(qname);
        if (prefix == null && !e.namespace().equals(parentDefault)) {
            sb.append(" xmlns='");
            escape(sb, e.namespace(), true);
            sb.append('\'');
        }
        Map<String, String> attrPrefixes = null;
        for (Map.Entry<String, String> a : e.attributes().entrySet()) {
            String key = a.getKey();
            String attrName = key;
            if (key.startsWith("{")) {
                String ns = key.substring(1, key.indexOf('}'));
                if (attrPrefixes == null) {
                    attrPrefixes = new HashMap<>();
                }
                String p = attrPrefixes.get(ns);
                if (p == null) {
                    p = "ns" + attrPrefixes.size();
                    attrPrefixes.put(ns, p);
                    sb.append(" xmlns:").append(p).append("='");
                    escape(sb, ns, true);
                    sb.append('\'');
                }
                attrName = p + ":" + key.substring(key.indexOf('}') + 1);
            }
            sb.append(' ').append(attrName).append("='");
            escape(sb, a.getValue(), true);
            sb.append('\'');
        }
        if (e.content().isEmpty()) {
            sb.append("/>");
            return;
        }
        sb.append('>');
        for (Object o : e.content()) {
            if (o instanceof Element child) {
                write(sb, child, ownDefault, prefixes);
            } else {
                escape(sb, (String) o, false);
            }
        }
        sb.append("</").append(qname).append('>');
    }

    /**
     * Escapes markup characters; in attributes also quotes and white space that normalisation would eat. A
     * character XML 1.0 forbids (RFC 6120 §11.6; only possible in text that did not come through an
     * {@link Element}, such as a header's echoed {@code to}) is written as U+FFFD, so what we send is always
     * well-formed and writing never throws.
     */
    static void escape(StringBuilder sb, String s, boolean attribute) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
                sb.append('\uFFFD');
                continue;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    sb.append(c).append(s.charAt(++i));
                } else {
                    sb.append('\uFFFD'); // a lone surrogate cannot be encoded in UTF-8
                }
                continue;
            }
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\'' -> sb.append(attribute ? "&apos;" : "'");
                case '"' -> sb.append(attribute ? "&quot;" : "\"");
                case '\r' -> sb.append("&#xD;");
                case '\n' -> sb.append(attribute ? "&#xA;" : "\n");
                case '\t' -> sb.append(attribute ? "&#x9;" : "\t");
                default -> sb.append(c);
            }
        }
    }
}
