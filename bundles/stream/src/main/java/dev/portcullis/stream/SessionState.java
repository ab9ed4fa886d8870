package dev.portcullis.stream;

/** The states of an {@link S2sSession}, each named after the section of the spec that governs it. */
public enum SessionState {
    /** Created, {@link S2sSession#start()} not yet called. */
    INITIAL("RFC 6120 §4.2"),
    /** Waiting for the peer's stream header (RFC 6120 §4.2, §4.3.3 after a restart). */
    STREAM_HEADER("RFC 6120 §4.2"),
    /** Outbound: waiting for the receiving entity's stream features (RFC 6120 §4.3.2). */
    FEATURES("RFC 6120 §4.3.2"),
    /** STARTTLS sent or received, waiting for proceed/failure or the TLS engine (RFC 6120 §5.4.2). */
    STARTTLS("RFC 6120 §5.4.2"),
    /** TLS handshake in progress, after STARTTLS (RFC 6120 §5.4.3.3) or direct TLS (XEP-0368 §3). */
    TLS_HANDSHAKE("RFC 6120 §5.4.3.3"),
    /** Waiting for the domain verifier's judgement of the peer's certificate (RFC 7712 §4, XEP-0178). */
    VERIFYING("RFC 7712 §4"),
    /** SASL EXTERNAL in progress (RFC 6120 §6.4, XEP-0178 §3). */
    SASL("RFC 6120 §6.4"),
    /** Server Dialback of the first domain pair in progress (XEP-0220 §2.1). */
    DIALBACK("XEP-0220 §2.1"),
    /** Features done; at least one domain pair may be authenticated; stanzas flow for authenticated pairs (RFC 6120 §4.3.5). */
    ESTABLISHED("RFC 6120 §4.3.5"),
    /** We sent {@code </stream:stream>} and wait for the peer's (RFC 6120 §4.4). */
    CLOSING("RFC 6120 §4.4"),
    /** Closed; the host closes the TCP connection (RFC 6120 §4.4). */
    CLOSED("RFC 6120 §4.4");

    private final String specSection;

    SessionState(String specSection) {
        this.specSection = specSection;
    }

    /** The governing spec section. */
    public String specSection() {
        return specSection;
    }
}
