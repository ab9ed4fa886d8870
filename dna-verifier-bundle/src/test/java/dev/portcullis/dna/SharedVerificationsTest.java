package dev.portcullis.dna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.store.SharedStore;
import dev.portcullis.api.store.StoreListener;
import dev.portcullis.api.store.StoreStatus;
import dev.portcullis.api.store.StoredEntry;
import dev.portcullis.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The verification cache shared by two nodes (docs/STORE.md): evidence one node gathered is used by the other,
 * only under the same configuration; a removed entry is dropped at once. The store is an in-memory fake that
 * notifies the other subscribers synchronously (the PostgreSQL one is tested in bundles/store).
 */
class SharedVerificationsTest {

    /** One table, one subscriber list, as LISTEN/NOTIFY gives every node. */
    static final class Bus {
        final Map<String, StoredEntry> rows = new ConcurrentHashMap<>();
        final List<Map.Entry<String, StoreListener>> listeners = new ArrayList<>();
    }

    static final class Node implements SharedStore {
        final Bus bus;
        final String node;

        Node(Bus bus, String node) {
            this.bus = bus;
            this.node = node;
        }

        @Override
        public String description() {
            return "fake";
        }

        @Override
        public String node() {
            return node;
        }

        @Override
        public CompletionStage<Optional<StoredEntry>> get(String namespace, String key) {
            return CompletableFuture.completedFuture(Optional.ofNullable(bus.rows.get(namespace + "|" + key)));
        }

        @Override
        public CompletionStage<Void> put(String namespace, String key, String value, Instant expires) {
            StoredEntry e = new StoredEntry(key, value, node, Instant.now(), expires);
            bus.rows.put(namespace + "|" + key, e);
            for (var l : bus.listeners) {
                if (l.getKey().equals(namespace)) {
                    l.getValue().changed(key, Optional.of(e));
                }
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<StoredEntry> putIfAbsent(String namespace, String key, String value, Instant expires) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AutoCloseable subscribe(String namespace, StoreListener listener) {
            var entry = Map.entry(namespace, listener);
            bus.listeners.add(entry);
            return () -> bus.listeners.remove(entry);
        }

        @Override
        public StoreStatus status() {
            return new StoreStatus("fake", node, true, 1, List.of(node), null, null, Instant.now());
        }
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));

    private List<ProofResult> evidence() {
        return List.of(new ProofResult("pkix", ProofStatus.PROVEN, "chain ok", "RFC 6125 §6",
                clock.instant().plus(Duration.ofHours(1))));
    }

    @Test
    void evidenceGatheredOnOneNodeIsUsedOnTheOtherUnderTheSameConfiguration() {
        Bus bus = new Bus();
        VerificationCache one = new VerificationCache(clock);
        VerificationCache two = new VerificationCache(clock);
        VerificationCache otherConfig = new VerificationCache(clock);
        new SharedVerifications(new Node(bus, "n1"), one, "prooftypes=pkix");
        new SharedVerifications(new Node(bus, "n2"), two, "prooftypes=pkix");
        new SharedVerifications(new Node(bus, "n3"), otherConfig, "prooftypes=pkix,dane");

        one.put("INBOUND|a|b|fp|", evidence());

        assertNotNull(two.get("INBOUND|a|b|fp|"));
        assertEquals(evidence(), two.get("INBOUND|a|b|fp|").results());
        assertNull(otherConfig.get("INBOUND|a|b|fp|"), "evidence does not carry over to another configuration");
        assertNotEquals(SharedVerifications.namespace("prooftypes=pkix"), SharedVerifications.namespace("prooftypes=pkix,dane"));
    }

    @Test
    void anEntryRemovedInTheStoreIsDroppedAtOnce() {
        VerificationCache cache = new VerificationCache(clock);
        SharedVerifications shared = new SharedVerifications(new Node(new Bus(), "n1"), cache, "c");
        cache.put("k", evidence());
        shared.changed("k", Optional.empty());
        assertNull(cache.get("k"));
    }
}
