package dev.portcullis.server;

import dev.portcullis.stream.Element;
import dev.portcullis.stream.Namespaces;

/** Building stanzas and stanza errors (RFC 6120 §8). */
final class Stanzas {
    static final String STANZA_ERRORS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    static final String PING = "urn:xmpp:ping";

    private Stanzas() {
    }

    static boolean isIq(Element e) {
        return e.is(Namespaces.SERVER, "iq");
    }

    static String type(Element e) {
        String t = e.attribute("type");
        return t == null ? (e.name().equals("message") ? "normal" : "") : t;
    }

    /** XEP-0199 §4.3: an IQ-get with a ping child. */
    static boolean isPing(Element e) {
        return isIq(e) && "get".equals(e.attribute("type")) && e.child(PING, "ping") != null;
    }

    static Element ping(String from, String to, String id) {
        return Element.builder(Namespaces.SERVER, "iq").attribute("type", "get").attribute("from", from)
                .attribute("to", to).attribute("id", id).child(Element.builder(PING, "ping").build()).build();
    }

    /** RFC 6120 §8.2.3: an empty IQ result answering {@code request}. */
    static Element result(Element request) {
        return Element.builder(Namespaces.SERVER, "iq").attribute("type", "result")
                .attribute("from", request.attribute("to")).attribute("to", request.attribute("from"))
                .attribute("id", request.attribute("id")).build();
    }

    /**
     * RFC 6120 §8.3: an error answering {@code request}, or {@code null} when none may be sent (errors and
     * results are never answered with errors, §8.3.1).
     */
    static Element error(Element request, String errorType, String condition, String text) {
        String t = request.attribute("type");
        if ("error".equals(t) || "result".equals(t)) {
            return null;
        }
        Element.Builder err = Element.builder(Namespaces.SERVER, "error").attribute("type", errorType)
                .child(Element.builder(STANZA_ERRORS, condition).build());
        if (text != null) {
            err.child(Element.builder(STANZA_ERRORS, "text").attribute("xml:lang", "en").text(text).build());
        }
        Element.Builder b = Element.builder(Namespaces.SERVER, request.name()).attribute("type", "error")
                .attribute("from", request.attribute("to")).attribute("to", request.attribute("from"));
        if (request.attribute("id") != null) {
            b.attribute("id", request.attribute("id"));
        }
        return b.child(err.build()).build();
    }

    /** The defined condition of an error stanza, or {@code null}. */
    static String errorCondition(Element stanza) {
        Element err = stanza.child(Namespaces.SERVER, "error");
        if (err == null) {
            return null;
        }
        for (Element c : err.children()) {
            if (c.namespace().equals(STANZA_ERRORS) && !c.name().equals("text")) {
                Element text = err.child(STANZA_ERRORS, "text");
                return c.name() + (text == null ? "" : " (" + text.text() + ")");
            }
        }
        return "undefined-condition";
    }
}
