package dev.portcullis.dna.core.pkix;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of RFC 5280 §6 path validation.
 *
 * @param valid    whether the path validated
 * @param reason   what failed, for an administrator; or which CA it chained to
 * @param notAfter earliest expiry in the validated path, {@code null} when invalid
 * @param path     the certification path the validator built and accepted, end entity first and the trust
 *                 anchor's certificate last (when the anchor has one); empty when invalid. DANE's PKIX-TA(0)
 *                 matches against it (RFC 6698 §2.1.1)
 */
public record ChainVerdict(boolean valid, String reason, Instant notAfter, List<X509Certificate> path) {
    public ChainVerdict {
        path = path == null ? List.of() : List.copyOf(path);
    }

    public ChainVerdict(boolean valid, String reason, Instant notAfter) {
        this(valid, reason, notAfter, List.of());
    }
}
