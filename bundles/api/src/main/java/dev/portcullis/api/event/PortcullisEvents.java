package dev.portcullis.api.event;

/**
 * Topics and property keys of the OSGi events Portcullis posts. Subscribe with an EventHandler on
 * {@code dev/portcullis/*}.
 */
public interface PortcullisEvents {

    /** A peer domain was authenticated on a stream (properties: domain, direction, method, stream). */
    String AUTHENTICATED = "dev/portcullis/s2s/AUTHENTICATED";
    /** A stream was refused or closed for a security reason (properties: domain, reason, spec, stream). */
    String REFUSED = "dev/portcullis/s2s/REFUSED";
    /** A TLS session broke the policy (RFC 9325; properties: domain, reason, spec, stream). */
    String POLICY_VIOLATION = "dev/portcullis/tls/POLICY_VIOLATION";
    /** A known peer presented a certificate over a different key (RFC 7590 §3.6; domain, fingerprint, previous, proven). */
    String CERTIFICATE_CHANGED = "dev/portcullis/dna/CERTIFICATE_CHANGED";
    /** A dialback key was found invalid: forged, replayed or stale (XEP-0220 §2.2; domain, reason, stream). */
    String DIALBACK_INVALID = "dev/portcullis/dialback/INVALID";

    String PROP_DOMAIN = "domain";
    String PROP_DIRECTION = "direction";
    String PROP_METHOD = "method";
    String PROP_STREAM = "stream";
    String PROP_REASON = "reason";
    String PROP_SPEC = "spec";
    String PROP_FINGERPRINT = "fingerprint";
    String PROP_PREVIOUS_FINGERPRINT = "previous.fingerprint";
    String PROP_PROVEN = "proven";
}
