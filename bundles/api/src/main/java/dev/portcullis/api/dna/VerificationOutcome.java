package dev.portcullis.api.dna;

/** The verifier's single decision over all prooftypes' evidence (RFC 7712 §4). */
public enum VerificationOutcome {
    /** At least one prooftype proved the association and none forbids it: SASL EXTERNAL may be offered. */
    VERIFIED,
    /** Nothing proved it, nothing forbids it: dialback may authenticate the peer if policy allows. */
    UNVERIFIED,
    /**
     * The association must be refused: e.g. secure TLSA records contradict the certificate (RFC 7673 §3
     * fail closed), or the certificate changed unproven while {@code on-certificate-change = require-proof}.
     * Dialback must not be used to work around this.
     */
    REJECTED
}
