package dev.portcullis.dna.pkix;

import java.time.Instant;
import java.util.Objects;

/**
 * What revocation checking found about a peer's end-entity certificate (RFC 5280 §6.3, RFC 6960 §2.2).
 *
 * @param kind       the finding
 * @param detail     for an administrator: where the answer came from, or why there is none
 * @param nextUpdate when this finding stops being current ({@code null}: at once — ask again next time)
 */
record RevocationStatus(Kind kind, String detail, Instant nextUpdate) {
    enum Kind {
        /** A current, authentic OCSP response or CRL says the certificate is not revoked. */
        GOOD,
        /** A current, authentic OCSP response or CRL says the certificate is revoked. */
        REVOKED,
        /** No usable answer was obtained (responder unreachable, stale or unverifiable answer): ask again later. */
        UNKNOWN,
        /** The certificate names no OCSP responder and no CRL distribution point: asking again cannot help. */
        UNPUBLISHED,
        /** Nothing was asked: pkix.revocation = off and no staple was presented. */
        NOT_CHECKED
    }

    RevocationStatus {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    static RevocationStatus unknown(String detail) {
        return new RevocationStatus(Kind.UNKNOWN, detail, null);
    }
}
