package dev.portcullis.api.dna;

/** The DNSSEC validation state of an answer (RFC 4033 §5, RFC 4035 §4.3). */
public enum DnssecStatus {
    /** Validated by an unbroken chain of trust from a trust anchor. */
    SECURE,
    /** Provably unsigned: DANE does not apply (RFC 7673 §3). */
    INSECURE,
    /** Should be signed but fails validation: treat as an attack, fail closed (RFC 7673 §3). */
    BOGUS,
    /** Validation could not be completed (resolver failure, no trust anchor). */
    INDETERMINATE
}
