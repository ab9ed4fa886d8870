package dev.portcullis.dialback;

import static dev.portcullis.dialback.Fixtures.CAPULET;
import static dev.portcullis.dialback.Fixtures.CAPULET_SECRET;
import static dev.portcullis.dialback.Fixtures.MONTAGUE;
import static dev.portcullis.dialback.Fixtures.MONTAGUE_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.dialback.DialbackError;
import dev.portcullis.api.dialback.DialbackOutcome;
import dev.portcullis.api.dialback.DialbackResultType;
import dev.portcullis.api.store.SharedStore;
import dev.portcullis.api.store.StoreListener;
import dev.portcullis.api.store.StoreStatus;
import dev.portcullis.api.store.StoreUnavailableException;
import dev.portcullis.api.store.StoredEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The replay guard across two receiving nodes of one domain (XEP-0185 §2: a key binds one domain pair to one
 * stream). The store here is an in-memory fake of {@link SharedStore#putIfAbsent}; the PostgreSQL one is tested
 * in bundles/store and SharedStoreIT.
 */
class SharedReplayGuardTest {

    /** Two nodes' view of one table; {@code down} makes every call fail as an unreachable store does. */
    static final class FakeStore implements SharedStore {
        final Map<String, StoredEntry> rows;
        final String node;
        volatile boolean down;

        FakeStore(Map<String, StoredEntry> rows, String node) {
            this.rows = rows;
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
            return down ? failed() : CompletableFuture.completedFuture(Optional.ofNullable(rows.get(namespace + key)));
        }

        @Override
        public CompletionStage<Void> put(String namespace, String key, String value, Instant expires) {
            if (down) {
                return failed();
            }
            rows.put(namespace + key, new StoredEntry(key, value, node, Instant.now(), expires));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<StoredEntry> putIfAbsent(String namespace, String key, String value, Instant expires) {
            return down ? failed() : CompletableFuture.supplyAsync(() -> rows.computeIfAbsent(namespace + key,
                    k -> new StoredEntry(key, value, node, Instant.now(), expires)));
        }

        @Override
        public AutoCloseable subscribe(String namespace, StoreListener listener) {
            return () -> { };
        }

        @Override
        public StoreStatus status() {
            return new StoreStatus("fake", node, !down, 1, List.of(node), null, null, Instant.now());
        }

        private static <T> CompletionStage<T> failed() {
            return CompletableFuture.failedFuture(new StoreUnavailableException("the shared store fake is down", null));
        }
    }

    private final ServiceHarness capulet = new ServiceHarness(CAPULET_SECRET);
    private final ServiceHarness montague1 = new ServiceHarness(MONTAGUE_SECRET);
    private final ServiceHarness montague2 = new ServiceHarness(MONTAGUE_SECRET);
    private final Map<String, StoredEntry> table = new ConcurrentHashMap<>();
    private final FakeStore store1 = new FakeStore(table, "node1");
    private final FakeStore store2 = new FakeStore(table, "node2");

    @AfterEach
    void stop() {
        capulet.close();
        montague1.close();
        montague2.close();
    }

    @Test
    void keyReplayedOnAnotherNodeIsInvalidWithoutARoundTripXep0185Section2() {
        var relay1 = Fixtures.FakeOutboundStreams.relayingTo(capulet.service);
        var relay2 = Fixtures.FakeOutboundStreams.relayingTo(capulet.service);
        montague1.with(relay1).with(store1);
        montague2.with(relay2).with(store2);
        String key = capulet.service.key(MONTAGUE, CAPULET, "A1");
        assertEquals(DialbackResultType.VALID, montague1.receive(Fixtures.inbound("A1", CAPULET, MONTAGUE), key).type());

        DialbackOutcome replay = montague2.receive(Fixtures.inbound("B2", CAPULET, MONTAGUE), key);

        assertEquals(DialbackResultType.INVALID, replay.type());
        assertTrue(replay.reason().contains("already presented for " + CAPULET + " -> " + MONTAGUE
                + " on stream A1 (node node1)"), replay.reason());
        assertEquals(0, relay2.sent(), "the replay on node 2 cost no db:verify");
        assertFalse(table.values().stream().anyMatch(e -> e.key().equals(key)), "only a hash of the key is stored");
    }

    @Test
    void sameStreamAndPairAgainOnTheSameNodeStillVerifies() {
        montague1.with(Fixtures.FakeOutboundStreams.relayingTo(capulet.service)).with(store1);
        String key = capulet.service.key(MONTAGUE, CAPULET, "A1");
        assertEquals(DialbackResultType.VALID, montague1.receive(Fixtures.inbound("A1", CAPULET, MONTAGUE), key).type());
        assertEquals(DialbackResultType.VALID, montague1.receive(Fixtures.inbound("A1", CAPULET, MONTAGUE), key).type());
    }

    /** Fail closed: without the shared memory a copied key might pass here, so the peer is told to retry. */
    @Test
    void unreachableStoreAnswersATemporaryErrorNotAVerdict() {
        var relay = Fixtures.FakeOutboundStreams.relayingTo(capulet.service);
        montague1.with(relay).with(store1);
        store1.down = true;
        String key = capulet.service.key(MONTAGUE, CAPULET, "A1");

        DialbackOutcome o = montague1.receive(Fixtures.inbound("A1", CAPULET, MONTAGUE), key);

        assertEquals(DialbackResultType.ERROR, o.type());
        assertEquals(DialbackError.RESOURCE_CONSTRAINT, o.error());
        assertEquals("wait", o.error().errorType());
        assertEquals(0, relay.sent());
        assertTrue(o.reason().contains("the shared store fake is down"), o.reason());
    }
}
