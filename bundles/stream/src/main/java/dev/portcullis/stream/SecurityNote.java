package dev.portcullis.stream;

import java.util.Objects;

/**
 * A security-relevant fact about a stream, for the host's log and events (RFC 7590 §3.6).
 *
 * @param kind        what happened
 * @param streamId    the stream, or {@code null} before one was assigned
 * @param peerDomain  the peer domain concerned, or {@code null} when not yet known
 * @param message     what happened, with whom, and what the administrator can do
 * @param specSection the clause behind it, e.g. {@code RFC 7590 §3.1}
 */
public record SecurityNote(Kind kind, String streamId, String peerDomain, String message, String specSection) {
    public SecurityNote {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(specSection, "specSection");
    }

    /** The kinds of note. */
    public enum Kind {
        /** A TLS session broke the policy; the stream was closed (RFC 9325, RFC 6120 §4.9.3.14). */
        POLICY_VIOLATION,
        /** Stanzas will flow without TLS, which the policy permits for this peer (RFC 7590 §3.1). */
        PLAINTEXT,
        /** STARTTLS failed or was refused and plaintext is not permitted (RFC 7590 §3.1). */
        TLS_REFUSED,
        /** The peer's certificate changed since it was last seen (RFC 7590 §3.6). */
        CERTIFICATE_CHANGED,
        /** The peer's certificate could not be verified for its domain, or was rejected (RFC 7712). */
        VERIFICATION_FAILED,
        /** A SASL EXTERNAL attempt failed (RFC 6120 §6.4.5, XEP-0178). */
        SASL_FAILED,
        /** A dialback key was invalid or dialback failed (XEP-0220 §2.2.1, §2.5). */
        DIALBACK_INVALID,
        /** A needed security service is not bound (RFC 6120 §4.9.3.16). */
        SERVICE_MISSING,
        /** The peer broke the protocol (hostile or broken input: §11.1 restrictions, size, order). */
        PROTOCOL_VIOLATION
    }
}
