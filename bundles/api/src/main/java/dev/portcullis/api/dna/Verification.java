package dev.portcullis.api.dna;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The {@link DomainVerifier}'s answer: one decision and all the evidence behind it.
 *
 * @param peerDomain         the domain asked about
 * @param outcome            the decision
 * @param provenBy           the prooftype that proved the association, or {@code null}
 * @param results            every prooftype's result, in configured order (prooftypes still running when
 *                           the decision was taken are absent)
 * @param certificateChange  the certificate memory's verdict, or {@code null} when no certificate was presented
 * @param validUntil         the decision may be reused until then (earliest expiry of its evidence)
 * @param reason             the decision in one sentence for the log, naming the peer
 */
public record Verification(String peerDomain, VerificationOutcome outcome, String provenBy, List<ProofResult> results,
                           CertificateChange certificateChange, Instant validUntil, String reason) {
    public Verification {
        Objects.requireNonNull(peerDomain, "peerDomain");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        results = List.copyOf(results);
        if (outcome == VerificationOutcome.VERIFIED && provenBy == null) {
            throw new IllegalArgumentException("a verified association names the prooftype that proved it");
        }
    }

    /** True when SASL EXTERNAL may be offered or used for {@link #peerDomain()} (XEP-0178 §3). */
    public boolean verified() {
        return outcome == VerificationOutcome.VERIFIED;
    }
}
