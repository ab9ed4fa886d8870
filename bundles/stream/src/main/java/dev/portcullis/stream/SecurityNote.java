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
 * @param claimedFrom the 'from' of the peer's stream header as received (unvalidated, unescaped) when
 *                    {@code peerDomain} is not known, e.g. because that 'from' was refused as invalid
 *                    (RFC 6120 §4.9.3.9); {@code null} otherwise. Escape it before logging or showing it.
 */
public record SecurityNote(Kind kind, String streamId, String peerDomain, String message, String specSection,
                           String claimedFrom) {
    public SecurityNote {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(specSection, "specSection");
    }

    /** A note without a claimed 'from'. */
    public SecurityNote(Kind kind, String streamId, String peerDomain, String message, String specSection) {
        this(kind, streamId, peerDomain, message, specSection, null);
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
        /**
         * A dialback key was found invalid, or a db:verify was answered with an error (XEP-0220 §2.2.1, §2.2.2).
         * The dialback service posts its own event for each key it finds invalid, so the host only logs this.
         */
        DIALBACK_INVALID,
        /**
         * Dialback did not authenticate a domain pair for another reason: the dialback policy refused it, the
         * authoritative server could not be asked, or the peer refused our key (XEP-0220 §2.1.1, §2.5).
         */
        DIALBACK_FAILED,
        /** A needed security service is not bound (RFC 6120 §4.9.3.16). */
        SERVICE_MISSING,
        /** The peer broke the protocol (hostile or broken input: §11.1 restrictions, size, order). */
        PROTOCOL_VIOLATION
    }
}
