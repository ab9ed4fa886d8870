package dev.portcullis.dna;

import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.VerificationRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A prooftype never fails the verifier: a programming error inside one becomes its ERROR result, naming the
 * peer (RFC 7712 §7: each prooftype reports evidence; the verifier alone decides).
 */
public final class ProofGuard {
    private ProofGuard() {
    }

    /**
     * Runs {@code check}; an exception thrown or completed becomes an ERROR result of {@code prooftype}.
     *
     * @param label       the check's name for the reason, e.g. {@code DANE}
     * @param specSection the clause the prooftype implements
     */
    public static CompletionStage<ProofResult> prove(String prooftype, String label, String specSection,
                                                     VerificationRequest request,
                                                     Supplier<CompletionStage<ProofResult>> check) {
        try {
            return check.get().exceptionally(e -> error(prooftype, label, specSection, request, e));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(error(prooftype, label, specSection, request, e));
        }
    }

    private static ProofResult error(String prooftype, String label, String specSection, VerificationRequest request,
                                     Throwable e) {
        return new ProofResult(prooftype, ProofStatus.ERROR, label + " check of " + request.peerDomain()
                + " failed unexpectedly: " + e, specSection, null);
    }
}
