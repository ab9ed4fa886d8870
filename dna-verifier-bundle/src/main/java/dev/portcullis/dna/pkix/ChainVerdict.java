package dev.portcullis.dna.pkix;

import java.time.Instant;

/**
 * The outcome of RFC 5280 §6 path validation.
 *
 * @param valid    whether the path validated
 * @param reason   what failed, for an administrator; or which CA it chained to
 * @param notAfter earliest expiry in the validated path, {@code null} when invalid
 */
public record ChainVerdict(boolean valid, String reason, Instant notAfter) {
}
