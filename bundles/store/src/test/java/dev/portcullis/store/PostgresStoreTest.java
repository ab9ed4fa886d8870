package dev.portcullis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.store.StoreListener;
import dev.portcullis.api.store.StoreUnavailableException;
import dev.portcullis.api.store.StoredEntry;
import dev.portcullis.testkit.postgres.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The SQL layer and the migrations against a real PostgreSQL started for this class. */
class PostgresStoreTest {
    private static PostgresServer pg;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PostgresServer.start(Path.of("target", "pg-" + PostgresStoreTest.class.getSimpleName()));
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) {
            pg.close();
        }
    }

    private static StoreSettings settings() throws Exception {
        return StoreSettings.parse(Map.of("url", pg.jdbcUrl(), "user", PostgresServer.USER, "password-file",
                pg.passwordFile().toString(), "connect.timeout", "PT2S", "statement.timeout", "PT2S"));
    }

    private static PostgresStore open(String node) throws Exception {
        PostgresStore s = new PostgresStore(settings(), node, Clock.systemUTC());
        s.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!s.status().reachable() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertTrue(s.status().reachable(), "store connected: " + s.status());
        return s;
    }

    @Test
    @DisplayName("migrations: nodes starting together migrate once, under the advisory lock, and again is a no-op")
    void concurrentMigrationAppliesEachVersionOnce() throws Exception {
        var ds = PostgresStore.dataSource(settings(), "migrator");
        var pool = Executors.newFixedThreadPool(3);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            results.add(pool.submit((Callable<Integer>) () -> {
                try (Connection c = ds.getConnection()) {
                    return SchemaMigrations.migrate(c, "node-" + n);
                }
            }));
        }
        for (Future<Integer> f : results) {
            assertEquals(SchemaMigrations.latest(), f.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(Integer.toString(SchemaMigrations.latest()),
                pg.psql(PostgresServer.DATABASE, "SELECT count(*) FROM portcullis_schema_version"));
        assertEquals("t", pg.psql(PostgresServer.DATABASE, "SELECT count(*) = 1 FROM pg_trigger WHERE tgname = 'portcullis_entry_changed'"));
    }

    @Test
    @DisplayName("migrations: a schema newer than this bundle, or a migration applied with other content, is refused by name")
    void refusesUnknownOrAlteredSchema() throws Exception {
        var ds = PostgresStore.dataSource(settings(), "migrator");
        try (Connection c = ds.getConnection()) {
            SchemaMigrations.migrate(c, "m");
        }
        pg.psql(PostgresServer.DATABASE, "UPDATE portcullis_schema_version SET sha256 = 'x' WHERE version = 1");
        try (Connection c = ds.getConnection()) {
            SQLException e = assertThrows(SQLException.class, () -> SchemaMigrations.migrate(c, "m"));
            assertTrue(e.getMessage().contains("V1__shared_entries.sql was applied with another content"), e.getMessage());
        } finally {
            pg.psql(PostgresServer.DATABASE, "UPDATE portcullis_schema_version SET sha256 = '"
                    + SchemaMigrations.sha256(SchemaMigrations.script("V1__shared_entries.sql")) + "' WHERE version = 1");
        }
        pg.psql(PostgresServer.DATABASE, "INSERT INTO portcullis_schema_version VALUES (99, 'V99__future.sql', 'x', 'n', now())");
        try (Connection c = ds.getConnection()) {
            SQLException e = assertThrows(SQLException.class, () -> SchemaMigrations.migrate(c, "m"));
            assertTrue(e.getMessage().startsWith("the store's schema is at version 99, newer than this node's bundle knows"),
                    e.getMessage());
        } finally {
            pg.psql(PostgresServer.DATABASE, "DELETE FROM portcullis_schema_version WHERE version = 99");
        }
    }

    @Test
    @DisplayName("put/get/putIfAbsent: confirmed writes, first writer wins until expiry, expired entries are absent")
    void writesAndReads() throws Exception {
        PostgresStore a = open("node-a");
        PostgresStore b = open("node-b");
        try {
            a.put("t1", "k", "v1", null).toCompletableFuture().get(10, TimeUnit.SECONDS);
            StoredEntry e = b.get("t1", "k").toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
            assertEquals("v1", e.value());
            assertEquals("node-a", e.writtenBy());
            Instant later = Instant.now().plus(Duration.ofMinutes(5));
            assertEquals("node-a", a.putIfAbsent("t1", "r", "first", later).toCompletableFuture().get(10, TimeUnit.SECONDS).writtenBy());
            StoredEntry second = b.putIfAbsent("t1", "r", "second", later).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals("first", second.value());
            assertEquals("node-a", second.writtenBy());
            b.put("t1", "old", "gone", Instant.now().minusSeconds(1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(Optional.empty(), a.get("t1", "old").toCompletableFuture().get(10, TimeUnit.SECONDS));
            StoredEntry replaced = a.putIfAbsent("t1", "old", "fresh", later).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals("fresh", replaced.value());
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    @DisplayName("LISTEN/NOTIFY: another node's change reaches a subscriber at once; after the store restarts, it reloads")
    void notifiesAndRecoversAfterRestart() throws Exception {
        PostgresStore a = open("node-a");
        PostgresStore b = open("node-b");
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        try {
            b.subscribe("t2", new StoreListener() {
                @Override
                public void reloaded(Map<String, StoredEntry> entries) {
                    seen.add("reloaded " + new java.util.TreeMap<>(entries).keySet());
                }

                @Override
                public void changed(String key, Optional<StoredEntry> entry) {
                    seen.add("changed " + key + "=" + entry.map(StoredEntry::value).orElse("-"));
                }
            });
            assertEquals("reloaded []", seen.poll(10, TimeUnit.SECONDS));
            a.put("t2", "x", "1", null).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals("changed x=1", seen.poll(10, TimeUnit.SECONDS));
            assertTrue(b.status().lag() != null && b.status().lag().compareTo(Duration.ofSeconds(10)) < 0,
                    "the notification lag is measured: " + b.status());
            assertEquals(null, a.status().lag(), "reads of one's own entries are no notification lag");
            b.put("t2", "own", "1", null).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(null, seen.poll(1, TimeUnit.SECONDS), "a node is not told about its own write");

            pg.stop();
            ExecutionException down = assertThrows(ExecutionException.class,
                    () -> a.put("t2", "y", "2", null).toCompletableFuture().get(20, TimeUnit.SECONDS));
            assertInstanceOf(StoreUnavailableException.class, down.getCause());
            assertTrue(down.getCause().getMessage().startsWith("the shared store PostgreSQL portcullis@127.0.0.1:"),
                    down.getCause().getMessage());
            assertFalse(a.status().reachable());
            pg.startServer();
            // a write right after the restart may still be refused ("the database system is starting up"): the
            // store says so and the caller's next write goes through, without restarting anything
            long retryUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    a.put("t2", "y", "2", null).toCompletableFuture().get(30, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException e) {
                    assertInstanceOf(StoreUnavailableException.class, e.getCause());
                    if (System.nanoTime() > retryUntil) {
                        throw e;
                    }
                    Thread.sleep(500);
                }
            }
            // the change may arrive as a notification or in the reload after b's listener reconnects; a reload
            // that ran before a's write landed ("reloaded [own, x]") is correct too, and the notification follows it
            List<String> after = new java.util.ArrayList<>();
            long seenUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (System.nanoTime() < seenUntil) {
                String next = seen.poll(1, TimeUnit.SECONDS);
                if (next == null) {
                    continue;
                }
                after.add(next);
                if (next.equals("changed y=2") || next.equals("reloaded [own, x, y]")) {
                    break;
                }
                assertEquals("reloaded [own, x]", next, "after the restart: " + after);
            }
            String last = after.isEmpty() ? null : after.get(after.size() - 1);
            assertTrue("changed y=2".equals(last) || "reloaded [own, x, y]".equals(last), "after the restart: " + after);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (!b.status().reachable() && System.nanoTime() < until) {
                Thread.sleep(100);
            }
            assertTrue(b.status().reachable(), b.status().toString());
        } finally {
            a.close();
            b.close();
        }
    }
}
