package dev.portcullis.api.tls;

/** Whether a stream with a given peer must be protected by TLS (RFC 7590 §3.1, RFC 9325 §3.2). */
public enum StartTlsRule {
    /** Attempt STARTTLS even when not advertised and never exchange stanzas in plaintext. The default. */
    REQUIRED,
    /**
     * The administrator named this peer as one that may be reached in plaintext when STARTTLS fails.
     * STARTTLS is still attempted first; every plaintext stream is logged as a warning. A host still requires TLS
     * for an endpoint with a secure, usable TLSA RRset (RFC 7673 §3.4, §4), whatever the policy says.
     */
    PLAINTEXT_PERMITTED
}
