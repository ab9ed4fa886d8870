package dev.portcullis.api.dna;

/** What one prooftype concluded (RFC 7712 §7). */
public enum ProofStatus {
    /** The certificate is proven to be associated with the domain. */
    PROVEN,
    /** The evidence contradicts the association (e.g. secure TLSA records match nothing, bogus DNSSEC). */
    DISPROVEN,
    /** This prooftype has nothing to say (e.g. the zone is unsigned, no POSH document is published). */
    NOT_APPLICABLE,
    /** The check could not be completed (timeout, network failure); nothing is implied either way. */
    ERROR
}
