package dev.portcullis.api.event;

/**
 * Topics and property keys of the OSGi events Portcullis posts. Subscribe with an EventHandler on
 * {@code dev/portcullis/*}.
 */
public interface PortcullisEvents {

    /** A peer domain was authenticated on a stream (properties: domain, direction, method, stream). */
    String AUTHENTICATED = "dev/portcullis/s2s/AUTHENTICATED";
    /**
     * A stream or a domain pair was refused or closed for a security reason (properties: domain, reason, spec,
     * stream). The domain is the peer's; before it is known, the 'from' its stream header claimed, escaped and
     * bounded with {@link dev.portcullis.api.PeerText} (e.g. a refused invalid 'from', RFC 6120 §4.9.3.9); else
     * the peer's address.
     */
    String REFUSED = "dev/portcullis/s2s/REFUSED";
    /** A TLS session broke the policy (RFC 9325; properties: domain, reason, spec, stream). */
    String POLICY_VIOLATION = "dev/portcullis/tls/POLICY_VIOLATION";
    /** A known peer presented a certificate over a different key (RFC 7590 §3.6; domain, fingerprint, previous, proven). */
    String CERTIFICATE_CHANGED = "dev/portcullis/dna/CERTIFICATE_CHANGED";
    /**
     * A dialback key was found invalid: forged, replayed or stale (XEP-0220 §2.2; domain, reason, stream). Posted
     * once per key, by the dialback bundle.
     */
    String DIALBACK_INVALID = "dev/portcullis/dialback/INVALID";

    /**
     * One of our own certificates expires within 30, 7 or 1 day(s) (RFC 6120 §13.7.2; domain, file, notAfter,
     * days = the threshold crossed). Posted once per threshold, re-checked daily.
     */
    String CERTIFICATE_EXPIRING = "dev/portcullis/local/CERTIFICATE_EXPIRING";
    /** A local domain's renewed certificate and key were loaded without a restart (domain, file, fingerprint, previous.fingerprint, notAfter). */
    String CERTIFICATE_RELOADED = "dev/portcullis/local/CERTIFICATE_RELOADED";
    /**
     * A peer's SRV answer failed DNSSEC validation, so the lookup was aborted (RFC 7673 §3; domain). Alert-worthy:
     * either the peer's zone is broken or DNS answers are forged.
     */
    String DNSSEC_BOGUS = "dev/portcullis/dna/DNSSEC_BOGUS";

    /**
     * Root of the measurement topics below: one event per handshake, verification, DNS lookup or dialback key,
     * for metrics rather than alerts. Outside {@code dev/portcullis/}, so a subscriber to {@code dev/portcullis/*}
     * (the console's event list, an administrator's alert hook) is not flooded by them; subscribe to
     * {@code dev/portcullis-measurements/*} to receive them.
     */
    String MEASUREMENTS = "dev/portcullis-measurements";
    /** A TLS handshake on an s2s stream finished and passed the policy (direction, protocol, seconds). */
    String TLS_HANDSHAKE = MEASUREMENTS + "/tls/HANDSHAKE";
    /** The domain verifier answered (RFC 7712; domain, direction, outcome, prooftype if proven, seconds). */
    String VERIFIED = MEASUREMENTS + "/dna/VERIFIED";
    /** A peer domain was located in DNS (RFC 6120 §3.2, RFC 7673 §3; domain, dnssec = the SRV answer's DNSSEC status). */
    String LOCATED = MEASUREMENTS + "/dna/LOCATED";
    /** A dialback key was decided (XEP-0220 §2.1.2, §2.1.3; role receiving or authoritative, result valid, invalid or error). */
    String DIALBACK_RESULT = MEASUREMENTS + "/dialback/RESULT";

    String PROP_DOMAIN = "domain";
    String PROP_DIRECTION = "direction";
    String PROP_METHOD = "method";
    String PROP_STREAM = "stream";
    String PROP_REASON = "reason";
    String PROP_SPEC = "spec";
    String PROP_FINGERPRINT = "fingerprint";
    String PROP_PREVIOUS_FINGERPRINT = "previous.fingerprint";
    String PROP_PROVEN = "proven";
    /** Path of a certificate file, as configured. */
    String PROP_FILE = "file";
    /** A certificate's notAfter, epoch milliseconds ({@code Long}). */
    String PROP_NOT_AFTER = "notAfter";
    /** The expiry threshold crossed, in days ({@code Integer}). */
    String PROP_DAYS = "days";
    /** A duration in seconds ({@code Double}). */
    String PROP_SECONDS = "seconds";
    /** The TLS protocol, as JSSE names it ({@code TLSv1.3}). */
    String PROP_PROTOCOL = "protocol";
    /** An outcome enum's name ({@code VERIFIED}, {@code REJECTED}…). */
    String PROP_OUTCOME = "outcome";
    /** The prooftype name ({@code pkix}, {@code dane}, {@code posh}). */
    String PROP_PROOFTYPE = "prooftype";
    /** A {@link dev.portcullis.api.dna.DnssecStatus} name. */
    String PROP_DNSSEC = "dnssec";
    /** A dialback role: {@code receiving} or {@code authoritative} (XEP-0220 §1.3). */
    String PROP_ROLE = "role";
    /** A {@link dev.portcullis.api.dialback.DialbackResultType} name. */
    String PROP_RESULT = "result";
}
