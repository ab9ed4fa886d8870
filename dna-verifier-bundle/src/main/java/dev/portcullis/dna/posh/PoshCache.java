package dev.portcullis.dna.posh;

import dev.portcullis.dna.core.names.DomainName;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** POSH material per domain until it is stale (RFC 7711 §6: never indefinitely, at most the lower expires). */
final class PoshCache {
    private static final int MAX_ENTRIES = 10_000;
    private final Clock clock;
    private final Map<String, PoshMaterial> entries = new ConcurrentHashMap<>();

    PoshCache(Clock clock) {
        this.clock = clock;
    }

    PoshMaterial get(String domain) {
        String key = key(domain);
        PoshMaterial m = entries.get(key);
        if (m != null && !m.validUntil().isAfter(clock.instant())) {
            entries.remove(key, m);
            return null;
        }
        return m;
    }

    void put(String domain, PoshMaterial material) {
        if (!material.validUntil().isAfter(clock.instant())) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.values().removeIf(m -> !m.validUntil().isAfter(clock.instant()));
            if (entries.size() >= MAX_ENTRIES) {
                return; // full of live entries: serve this one uncached rather than grow without bound
            }
        }
        entries.put(key(domain), material);
    }

    /** One entry per domain however the peer spelled it (RFC 7622 §3.2: U-labels and A-labels are one name). */
    private static String key(String domain) {
        return DomainName.parse(domain).map(DomainName::ascii).orElse(domain.toLowerCase(Locale.ROOT));
    }
}
