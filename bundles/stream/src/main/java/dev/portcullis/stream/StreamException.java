package dev.portcullis.stream;

import java.util.Objects;

/**
 * A stream error (RFC 6120 §4.9): the condition to send in {@code <stream:error/>} and a text for the
 * peer's and our administrator's logs that names the peer and says what happened. Also used for a stream
 * error the peer sent us, in {@link SessionHost#closed}.
 */
public final class StreamException extends Exception {
    private static final long serialVersionUID = 1L;

    private final StreamErrorCondition condition;
    private final String text;
    private final boolean receivedFromPeer;

    /**
     * An error we raise.
     *
     * @param condition the RFC 6120 §4.9.3 condition
     * @param text      admin-readable text naming the peer; sent in the error's {@code <text/>}
     */
    public StreamException(StreamErrorCondition condition, String text) {
        this(condition, text, false);
    }

    private StreamException(StreamErrorCondition condition, String text, boolean receivedFromPeer) {
        super(Objects.requireNonNull(condition, "condition").elementName() + ": " + Objects.requireNonNull(text, "text"));
        this.condition = condition;
        this.text = text;
        this.receivedFromPeer = receivedFromPeer;
    }

    /** A stream error the peer sent us (RFC 6120 §4.9.1.3); {@code text} may be empty. */
    public static StreamException fromPeer(StreamErrorCondition condition, String text) {
        return new StreamException(condition, text == null ? "" : text, true);
    }

    public StreamErrorCondition condition() {
        return condition;
    }

    /** The human-readable text (RFC 6120 §4.9.2 {@code <text/>}). */
    public String text() {
        return text;
    }

    /** True when the peer sent this error, false when we raised it. */
    public boolean receivedFromPeer() {
        return receivedFromPeer;
    }

    /** The {@code <stream:error/>} element for this error (RFC 6120 §4.9.2), with an English text. */
    public Element toElement() {
        Element.Builder b = Element.builder(Namespaces.STREAMS, "error")
                .child(Element.builder(StreamErrorCondition.NAMESPACE, condition.elementName()).build());
        if (!text.isEmpty()) {
            b.child(Element.builder(StreamErrorCondition.NAMESPACE, "text").attribute("xml:lang", "en").text(text).build());
        }
        return b.build();
    }
}
