package dev.portcullis.checker;

/** The DNSSEC status of one answer (RFC 4033 §5, RFC 4035 §4.3). */
enum DnssecState {
    /** Validated from the trust anchor down (the validator set AD). */
    SECURE,
    /** Provably unsigned: no DS in the parent. */
    INSECURE,
    /** Signed, but the signatures do not validate: the answer must not be used. */
    BOGUS,
    /** The lookup failed (timeout, SERVFAIL without a validator's reason). */
    INDETERMINATE
}
