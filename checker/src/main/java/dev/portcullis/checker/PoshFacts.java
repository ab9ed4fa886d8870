package dev.portcullis.checker;

import java.util.Objects;

/**
 * POSH for the domain (RFC 7711; service name {@code xmpp-server}, RFC 7712 §5.2).
 *
 * @param status the result
 * @param url    the URL fetched
 * @param detail why, for an administrator
 */
record PoshFacts(Status status, String url, String detail) {
    enum Status {
        /** Nothing fetched (no HTTPS server, 404, …). */
        NOT_PUBLISHED,
        /** A fingerprint in the document matches the served end-entity certificate (RFC 7711 §3.3). */
        MATCH,
        /** A document is published but no fingerprint matches any endpoint's certificate. */
        MISMATCH,
        /** A document is published but cannot be used (bad JSON, no fingerprints, HTTPS not trusted). */
        INVALID
    }

    PoshFacts {
        Objects.requireNonNull(status, "status");
    }
}
