package dev.portcullis.dna.core.dane;

import dev.portcullis.api.dna.TlsaRecord;

/**
 * How one TLSA RRset judged a certificate chain.
 *
 * @param usable  whether the RRset held any usable record (RFC 6698 §4.1)
 * @param matched whether one usable record authenticated the chain
 * @param record  the record that authenticated it, or {@code null}
 * @param reason  which record matched, or why each failed
 * @param section the clause the verdict rests on
 */
public record TlsaVerdict(boolean usable, boolean matched, TlsaRecord record, String reason, String section) {
}
