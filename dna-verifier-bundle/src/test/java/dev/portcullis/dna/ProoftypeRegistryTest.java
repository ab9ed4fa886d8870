package dev.portcullis.dna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.Prooftype;
import dev.portcullis.api.dna.VerificationRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

/** The prooftype whiteboard (RFC 7712 §7: prooftypes are pluggable) and its start-up wait. */
class ProoftypeRegistryTest {

    private static Prooftype named(String name) {
        return new Prooftype() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CompletionStage<ProofResult> prove(VerificationRequest request) {
                return CompletableFuture.completedFuture(new ProofResult(name, ProofStatus.NOT_APPLICABLE, "test",
                        "RFC 7712 §7", null));
            }
        };
    }

    @Test
    void theHighestRankingServiceOfOneNameWins() {
        ProoftypeRegistry r = new ProoftypeRegistry();
        Prooftype low = named("pkix");
        Prooftype high = named("pkix");
        r.add(low, Map.of(Prooftype.NAME_PROPERTY, "pkix", Constants.SERVICE_RANKING, 0, Constants.SERVICE_ID, 1L));
        r.add(high, Map.of(Prooftype.NAME_PROPERTY, "pkix", Constants.SERVICE_RANKING, 10, Constants.SERVICE_ID, 2L));
        assertSame(high, r.get("pkix").orElseThrow());
        r.remove(high);
        assertSame(low, r.get("pkix").orElseThrow());
    }

    @Test
    void aVerificationDuringStartupWaitsUntilEveryConfiguredProoftypeIsRegistered() {
        ProoftypeRegistry r = new ProoftypeRegistry();
        r.add(named("pkix"), Map.of(Prooftype.NAME_PROPERTY, "pkix"));
        CompletableFuture<Void> ready = r.whenPresent(List.of("pkix", "dane"));
        assertFalse(ready.isDone(), "dane is not registered yet");
        r.add(named("dane"), Map.of(Prooftype.NAME_PROPERTY, "dane"));
        assertTrue(ready.isDone(), "registering the last one releases the waiting verification");
        assertTrue(r.whenPresent(List.of("pkix")).isDone(), "nothing to wait for");
        assertEquals("dane", r.get("dane").orElseThrow().name());
    }
}
