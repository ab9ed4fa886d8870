package dev.portcullis.stream;

import dev.portcullis.api.dialback.DialbackError;
import dev.portcullis.api.dialback.DialbackResultType;

/** Builds and reads the {@code db:result} and {@code db:verify} elements of XEP-0220 §2. */
final class DialbackElements {
    static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

    private DialbackElements() {
    }

    /** A request: {@code <db:result/>} with a key (§2.1.1) or {@code <db:verify/>} with id and key (§2.1.2). */
    static Element request(String name, String from, String to, String id, String key) {
        return Element.builder(Namespaces.DIALBACK, name).attribute("from", from).attribute("to", to)
                .attribute("id", id).text(key).build();
    }

    /** An answer with type valid, invalid or error, and the {@code <error/>} child for errors (§2.4). */
    static Element answer(String name, String from, String to, String id, DialbackResultType type, DialbackError error) {
        Element.Builder b = Element.builder(Namespaces.DIALBACK, name).attribute("from", from).attribute("to", to)
                .attribute("id", id).attribute("type", type.xmlValue());
        if (type == DialbackResultType.ERROR) {
            DialbackError e = error == null ? DialbackError.INTERNAL_SERVER_ERROR : error;
            b.child(Element.builder(Namespaces.SERVER, "error").attribute("type", e.errorType())
                    .child(Element.builder(STANZAS, e.condition()).build()).build());
        }
        return b.build();
    }

    /** The {@code type} of an answer, or {@code null} for a request (no type attribute). */
    static DialbackResultType type(Element e) {
        String t = e.attribute("type");
        if (t == null) {
            return null;
        }
        return switch (t) {
            case "valid" -> DialbackResultType.VALID;
            case "invalid" -> DialbackResultType.INVALID;
            default -> DialbackResultType.ERROR;
        };
    }

    /** The condition of an error answer (§2.4); unknown conditions map to internal-server-error. */
    static DialbackError error(Element e) {
        Element error = e.child(Namespaces.SERVER, "error");
        if (error != null) {
            for (Element c : error.children()) {
                if (c.namespace().equals(STANZAS)) {
                    for (DialbackError d : DialbackError.values()) {
                        if (d.condition().equals(c.name())) {
                            return d;
                        }
                    }
                }
            }
        }
        return DialbackError.INTERNAL_SERVER_ERROR;
    }
}
