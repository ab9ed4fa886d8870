package dev.portcullis.dna;

import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.VerificationOutcome;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The single policy step over all prooftypes' evidence (docs/CONVENTIONS.md §5, RFC 7712 §4): a DISPROVEN from a
 * fail-closed prooftype (DANE with secure records, RFC 7673 §3) refuses the peer, and so does its ERROR (it timed
 * out, failed or is not installed: docs/DANE.md R11, R12) and a finding that the certificate is revoked
 * (RFC 5280 §6.3, from PKIX's revocation check); otherwise the first PROVEN
 * in the configured order of preference verifies it; otherwise it is unverified (dialback may follow).
 */
final class Decision {
    /** Prooftypes whose DISPROVEN is a veto, not merely the absence of proof. */
    static final Set<String> FAIL_CLOSED = Set.of("dane");
    /** Prooftypes that may find the certificate revoked: a proof from another must wait for them. */
    static final Set<String> MAY_FIND_REVOKED = Set.of("pkix");

    private Decision() {
    }

    record Outcome(VerificationOutcome outcome, String provenBy, String reason) {
    }

    static Outcome decide(String peer, List<ProofResult> results) {
        Optional<ProofResult> veto = results.stream()
                .filter(r -> FAIL_CLOSED.contains(r.prooftype()) && r.status() == ProofStatus.DISPROVEN).findFirst();
        Optional<ProofResult> revoked = results.stream().filter(Decision::revoked).findFirst();
        if (revoked.isPresent()) {
            // the CA withdrew the certificate: no other proof, and no dialback, may accept it (RFC 5280 §6.3)
            return new Outcome(VerificationOutcome.REJECTED, null, peer + " is refused: " + revoked.get().reason()
                    + " (" + revoked.get().specSection() + "; a revoked certificate is refused whatever else proves "
                    + "it, and dialback must not override this)");
        }
        if (veto.isPresent()) {
            return new Outcome(VerificationOutcome.REJECTED, null, peer + " is refused: " + veto.get().reason()
                    + " (" + veto.get().specSection() + "; fail closed, dialback must not override this)");
        }
        // docs/DANE.md R11, R12: a fail-closed prooftype that timed out, failed or is not installed has not
        // shown that its constraint is absent, so the constraint stands, in both directions (RFC 7673 §3.1, §3.4)
        Optional<ProofResult> unchecked = results.stream()
                .filter(r -> FAIL_CLOSED.contains(r.prooftype()) && r.status() == ProofStatus.ERROR).findFirst();
        if (unchecked.isPresent()) {
            return new Outcome(VerificationOutcome.REJECTED, null, peer + " is refused: " + unchecked.get().reason()
                    + "; " + unchecked.get().prooftype() + " fails closed, so a peer it cannot check is not accepted "
                    + "(RFC 7673 §3.1, §3.4; docs/DANE.md R11, R12)");
        }
        Optional<ProofResult> proof = results.stream().filter(r -> r.status() == ProofStatus.PROVEN).findFirst();
        if (proof.isPresent()) {
            return new Outcome(VerificationOutcome.VERIFIED, proof.get().prooftype(), peer + " is verified by "
                    + proof.get().prooftype() + ": " + proof.get().reason());
        }
        return new Outcome(VerificationOutcome.UNVERIFIED, null, peer + " is not verified by any prooftype ("
                + String.join("; ", results.stream().map(ProofResult::toString).toList())
                + "); dialback may authenticate it if policy allows");
    }

    /** True once a proof is in and no fail-closed prooftype is still out, so waiting cannot change the outcome. */
    static boolean settled(List<String> order, java.util.Map<String, ProofResult> answered) {
        if (answered.size() == order.size()) {
            return true;
        }
        boolean proven = answered.values().stream().anyMatch(r -> r.status() == ProofStatus.PROVEN);
        boolean vetoPending = order.stream().anyMatch(n -> (FAIL_CLOSED.contains(n) || MAY_FIND_REVOKED.contains(n))
                && !answered.containsKey(n));
        return proven && !vetoPending;
    }

    private static boolean revoked(ProofResult r) {
        return r.status() == ProofStatus.DISPROVEN
                && dev.portcullis.dna.pkix.PkixProoftypeComponent.REVOKED_SECTION.equals(r.specSection());
    }
}
