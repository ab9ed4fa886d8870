package dev.portcullis.dna.dane;

/**
 * How one TLSA RRset judged a certificate chain.
 *
 * @param usable  whether the RRset held any usable record (RFC 6698 §4.1)
 * @param matched whether one usable record authenticated the chain
 * @param reason  which record matched, or why each failed
 * @param section the clause the verdict rests on
 */
record TlsaVerdict(boolean usable, boolean matched, String reason, String section) {
}
