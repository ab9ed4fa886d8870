package dev.portcullis.stream;

import java.util.Objects;

/**
 * A stream error (RFC 6120 §4.9): the condition to send in {@code <stream:error/>}, the text the peer gets in
 * its {@code <text/>} and the text for our administrator's log. The two are apart so that internal detail
 * (exception text, class and bundle names, paths) reaches our log but never the peer; most errors say the
 * same to both. Also used for a stream error the peer sent us, in {@link SessionHost#closed}.
 */
public final class StreamException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The most characters of {@code <text/>} we send; longer texts are cut (they may embed peer values). */
    static final int MAX_PEER_TEXT = 512;

    private final StreamErrorCondition condition;
    private final String peerText;
    private final String text;
    private final boolean receivedFromPeer;

    /**
     * An error we raise whose text is fit for both the peer and our log: it names the peer and the rule, and
     * holds no internal detail.
     *
     * @param condition the RFC 6120 §4.9.3 condition
     * @param text      text naming the peer and the rule; sent in the error's {@code <text/>} and logged
     */
    public StreamException(StreamErrorCondition condition, String text) {
        this(condition, text, text, false);
    }

    /**
     * An error we raise whose detail is for our administrator only.
     *
     * @param condition the RFC 6120 §4.9.3 condition
     * @param peerText  what the peer is told in {@code <text/>}: no exception text, class or bundle names, paths
     * @param adminText what our log says: the detail, what to do
     */
    public StreamException(StreamErrorCondition condition, String peerText, String adminText) {
        this(condition, peerText, adminText, false);
    }

    private StreamException(StreamErrorCondition condition, String peerText, String adminText, boolean receivedFromPeer) {
        super(Objects.requireNonNull(condition, "condition").elementName() + ": " + Objects.requireNonNull(adminText, "adminText"));
        this.condition = condition;
        this.peerText = Objects.requireNonNull(peerText, "peerText");
        this.text = adminText;
        this.receivedFromPeer = receivedFromPeer;
    }

    /**
     * A stream error the peer sent us (RFC 6120 §4.9.1.3); {@code text} may be empty. It is the peer's text, as
     * received: log it through {@link dev.portcullis.api.PeerText}.
     */
    public static StreamException fromPeer(StreamErrorCondition condition, String text) {
        String t = text == null ? "" : text;
        return new StreamException(condition, t, t, true);
    }

    public StreamErrorCondition condition() {
        return condition;
    }

    /**
     * The text for our administrator's log (for an error the peer sent, the peer's {@code <text/>}). It may
     * embed peer-controlled values: log it through {@link dev.portcullis.api.PeerText#message}.
     */
    public String text() {
        return text;
    }

    /** The same as {@link #text()}, by the name that says who reads it. */
    public String adminText() {
        return text;
    }

    /** The text the peer gets in {@code <text/>} (RFC 6120 §4.9.2). */
    public String peerText() {
        return peerText;
    }

    /** True when the peer sent this error, false when we raised it. */
    public boolean receivedFromPeer() {
        return receivedFromPeer;
    }

    /**
     * The {@code <stream:error/>} element for this error (RFC 6120 §4.9.2), with the peer text in English.
     * Never throws: the peer text may embed what the peer sent, so characters XML 1.0 forbids are replaced
     * (RFC 6120 §11.6) and the text is cut at {@value #MAX_PEER_TEXT} characters.
     */
    public Element toElement() {
        Element.Builder b = Element.builder(Namespaces.STREAMS, "error")
                .child(Element.builder(StreamErrorCondition.NAMESPACE, condition.elementName()).build());
        String t = XmlChars.clean(peerText, MAX_PEER_TEXT);
        if (!t.isEmpty()) {
            b.child(Element.builder(StreamErrorCondition.NAMESPACE, "text").attribute("xml:lang", "en").text(t).build());
        }
        return b.build();
    }
}
