package dev.portcullis.dialback;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers recently presented dialback keys. A key binds one domain pair to one stream ID (XEP-0185 §2), so
 * the same key arriving for another stream or another pair was copied, not computed: it is answered invalid
 * without asking anyone. The same key again for the same pair on the same stream is a reverification and
 * goes through as usual.
 */
final class ReplayGuard {

    /** What is known about a presented key. */
    enum Presentation { FRESH, SAME_PAIR_AND_STREAM, REPLAYED }

    private record Seen(String streamId, String originatingDomain, String receivingDomain, Instant until) {
    }

    private final int capacity;
    private final Duration memory;
    private final Map<String, Seen> seen;

    ReplayGuard(int capacity, Duration memory) {
        this.capacity = capacity;
        this.memory = memory;
        // Oldest first, so the eldest entry is evicted when a flood of fresh keys fills it.
        this.seen = new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                return size() > ReplayGuard.this.capacity;
            }
        };
    }

    synchronized Presentation present(String key, String streamId, String originatingDomain, String receivingDomain,
                                      Instant now) {
        String normalized = key.trim().toLowerCase(java.util.Locale.ROOT);
        Seen before = seen.get(normalized);
        if (before != null && now.isBefore(before.until())) {
            boolean same = before.streamId().equals(streamId)
                    && before.originatingDomain().equalsIgnoreCase(originatingDomain)
                    && before.receivingDomain().equalsIgnoreCase(receivingDomain);
            return same ? Presentation.SAME_PAIR_AND_STREAM : Presentation.REPLAYED;
        }
        seen.remove(normalized);
        seen.put(normalized, new Seen(streamId, originatingDomain, receivingDomain, now.plus(memory)));
        return Presentation.FRESH;
    }

    /** Where a replayed key was first seen, for the log. */
    synchronized String firstSeen(String key) {
        Seen s = seen.get(key.trim().toLowerCase(java.util.Locale.ROOT));
        return s == null ? "unknown" : s.originatingDomain() + " -> " + s.receivingDomain() + " on stream " + s.streamId();
    }
}
