package dev.portcullis.api.dna;

import java.time.Instant;
import java.util.Objects;

/**
 * One prooftype's evidence: a status and a reason, never a bare boolean.
 *
 * @param prooftype   the prooftype's name, e.g. {@code pkix}, {@code dane}, {@code posh}
 * @param status      its conclusion
 * @param reason      why, in words an administrator understands, naming the peer
 * @param specSection the clause the conclusion rests on, e.g. {@code RFC 7673 §4.2}
 * @param validUntil  how long the evidence may be cached (certificate expiry, DNS TTL, POSH expires),
 *                    or {@code null} when it must not be cached
 */
public record ProofResult(String prooftype, ProofStatus status, String reason, String specSection,
                          Instant validUntil) {
    public ProofResult {
        Objects.requireNonNull(prooftype, "prooftype");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(specSection, "specSection");
    }

    @Override
    public String toString() {
        return prooftype + ": " + status + " - " + reason + " (" + specSection + ")";
    }
}
