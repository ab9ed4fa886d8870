package dev.portcullis.api.stream;

/** How the peer domain of a stream was authenticated. */
public enum AuthMethod {
    /** Not (yet) authenticated: no stanza may flow (RFC 6120 §4.3.3). */
    NONE,
    /** SASL EXTERNAL over a verified certificate (RFC 6120 §6, XEP-0178). */
    SASL_EXTERNAL,
    /** Server Dialback with a db:verify round trip (XEP-0220). */
    DIALBACK,
    /** Server Dialback decided by the peer's proven certificate, without a round trip (XEP-0344). */
    DIALBACK_WITH_CERTIFICATE,
    /** A peer the administrator allows without authentication over plaintext. */
    UNAUTHENTICATED_PERMITTED
}
