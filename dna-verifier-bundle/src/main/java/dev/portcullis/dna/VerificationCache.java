package dev.portcullis.dna;

import dev.portcullis.api.dna.ProofResult;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prooftype evidence per (direction, local domain, peer domain, certificate, endpoint), kept until the earliest
 * expiry of the evidence (RFC 7711 §6, DNS TTLs, certificate notAfter). Evidence with no expiry is not kept.
 */
final class VerificationCache {
    private static final int MAX_ENTRIES = 10_000;

    record Cached(List<ProofResult> results, Instant validUntil) {
    }

    private final Clock clock;
    private final Map<String, Cached> entries = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** Told of every entry kept here by this node's own verification (write-through to the shared store). */
    private volatile java.util.function.BiConsumer<String, Cached> onPut = (k, v) -> { };

    VerificationCache(Clock clock) {
        this.clock = clock;
    }

    void onPut(java.util.function.BiConsumer<String, Cached> listener) {
        this.onPut = listener;
    }

    /** Keeps evidence another node gathered (shared store), without writing it back. */
    synchronized void adopt(String key, List<ProofResult> results) {
        Instant until = earliest(results);
        if (until != null && until.isAfter(clock.instant())) {
            entries.put(key, new Cached(results, until));
        }
    }

    /** Drops an entry another node replaced or removed, so the next verification here asks afresh. */
    synchronized void remove(String key) {
        entries.remove(key);
    }

    synchronized Cached get(String key) {
        Cached c = entries.get(key);
        if (c != null && !c.validUntil().isAfter(clock.instant())) {
            entries.remove(key);
            return null;
        }
        return c;
    }

    /** Keeps {@code results} if every one of them says how long it holds. */
    void put(String key, List<ProofResult> results) {
        Cached kept = null;
        synchronized (this) {
            Instant until = earliest(results);
            if (until != null && until.isAfter(clock.instant())) {
                kept = new Cached(results, until);
                entries.put(key, kept);
            }
        }
        if (kept != null) {
            onPut.accept(key, kept);
        }
    }

    /** A copy of the entries still valid, for saving. */
    synchronized Map<String, Cached> snapshot() {
        Map<String, Cached> copy = new LinkedHashMap<>();
        Instant now = clock.instant();
        entries.forEach((k, v) -> {
            if (v.validUntil().isAfter(now)) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    synchronized void clear() {
        entries.clear();
    }

    /** The earliest validUntil, or {@code null} when any result must not be cached or there are none. */
    static Instant earliest(List<ProofResult> results) {
        Instant min = null;
        for (ProofResult r : results) {
            if (r.validUntil() == null) {
                return null;
            }
            min = min == null || r.validUntil().isBefore(min) ? r.validUntil() : min;
        }
        return min;
    }
}
