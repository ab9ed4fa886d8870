package dev.portcullis.dna.pkix;

import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.dna.DnaSettings.RevocationPolicy;
import java.time.Clock;
import java.time.Duration;

/** A {@link PkixProoftype} for tests that wait for its answer. */
record SyncPkix(PkixProoftype pkix) {
    /** Revocation off: only staples are consulted. */
    static SyncPkix withoutFetching(TrustStore trust, Clock clock) {
        return new SyncPkix(new PkixProoftype(trust, new RevocationCheck(RevocationPolicy.OFF, null,
                new RevocationCache(clock, 100), Runnable::run, Duration.ofSeconds(6)), clock));
    }

    static SyncPkix fetching(TrustStore trust, RevocationPolicy policy, RevocationCache cache, Clock clock) {
        return new SyncPkix(new PkixProoftype(trust, new RevocationCheck(policy,
                new RevocationFetcher(Duration.ofSeconds(3)), cache, Runnable::run, Duration.ofSeconds(6)), clock));
    }

    ProofResult prove(VerificationRequest request) {
        return pkix.prove(request).toCompletableFuture().join();
    }
}
