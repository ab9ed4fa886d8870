package dev.portcullis.dna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cached evidence survives a bundle update or restart, but only while valid and under the same configuration. */
class VerificationCacheFileTest {
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private static VerificationCache cache(Instant now) {
        return new VerificationCache(java.time.Clock.fixed(now, ZoneOffset.UTC));
    }

    private static List<ProofResult> proof(Duration valid) {
        return List.of(new ProofResult("pkix", ProofStatus.PROVEN, "chains to a trusted CA", "RFC 6125 §6",
                NOW.plus(valid)));
    }

    @Test
    void validEvidenceIsRestoredUnderTheSameConfiguration(@TempDir Path dir) {
        VerificationCache before = cache(NOW);
        before.put("k", proof(Duration.ofHours(1)));
        VerificationCacheFile file = new VerificationCacheFile(dir.resolve("cache.json"));
        file.save("config-A", before.snapshot());

        VerificationCache after = cache(NOW.plusSeconds(60));
        file.loadInto("config-A", after, NOW.plusSeconds(60));
        VerificationCache.Cached restored = after.get("k");
        assertNotNull(restored);
        assertEquals(proof(Duration.ofHours(1)), restored.results());
    }

    @Test
    void expiredEvidenceAndEvidenceFromAnotherConfigurationAreDropped(@TempDir Path dir) {
        VerificationCache before = cache(NOW);
        before.put("short", proof(Duration.ofMinutes(1)));
        before.put("long", proof(Duration.ofHours(1)));
        VerificationCacheFile file = new VerificationCacheFile(dir.resolve("cache.json"));
        file.save("config-A", before.snapshot());

        VerificationCache later = cache(NOW.plusSeconds(120));
        file.loadInto("config-A", later, NOW.plusSeconds(120));
        assertNull(later.get("short"), "expired while the bundle was being updated");
        assertNotNull(later.get("long"));

        VerificationCache otherConfig = cache(NOW);
        file.loadInto("config-B", otherConfig, NOW);
        assertNull(otherConfig.get("long"), "prooftypes or trust changed: evidence does not carry over");
    }

    @Test
    void aDamagedFileIsIgnored(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("cache.json");
        Files.writeString(f, "{ not json");
        VerificationCache c = cache(NOW);
        new VerificationCacheFile(f).loadInto("config-A", c, NOW);
        assertNull(c.get("k"));
    }
}
