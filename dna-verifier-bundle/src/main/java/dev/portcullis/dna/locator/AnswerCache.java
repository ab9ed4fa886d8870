package dev.portcullis.dna.locator;

import dev.portcullis.dna.core.dns.DnsAnswer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DNS answers by (name, type), each kept until its TTL runs out (RFC 1035 §3.2.1, RFC 2308 §5 for negative
 * answers), with a size bound that evicts the least recently used.
 */
final class AnswerCache {
    private final Clock clock;
    private final Map<String, DnsAnswer> entries;

    AnswerCache(Clock clock, int maxEntries) {
        this.clock = clock;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, DnsAnswer> eldest) {
                return size() > maxEntries;
            }
        };
    }

    synchronized DnsAnswer get(String key) {
        DnsAnswer a = entries.get(key);
        if (a != null && !a.expires().isAfter(clock.instant())) {
            entries.remove(key);
            return null;
        }
        return a;
    }

    synchronized void put(String key, DnsAnswer answer) {
        if (answer.expires().isAfter(clock.instant())) {
            entries.put(key, answer);
        }
    }
}
