package dev.portcullis.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.portcullis.api.store.SharedStore;
import dev.portcullis.api.store.StoreListener;
import dev.portcullis.api.store.StoreStatus;
import dev.portcullis.api.store.StoreUnavailableException;
import dev.portcullis.api.store.StoredEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SharedStore} in PostgreSQL: statements on a bounded executor over a HikariCP pool, so no caller
 * ever waits for the database; change notifications on a dedicated connection ({@link ChangeListener}). Every
 * write is committed before its stage completes.
 */
final class PostgresStore implements SharedStore {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresStore.class);
    /** Keys are bounded so a notification (at most 8000 bytes) always carries one. */
    static final int MAX_KEY = 2000;
    static final int QUEUE = 10_000;

    private final StoreSettings settings;
    private final String node;
    private final String description;
    private final PGSimpleDataSource direct;
    private final HikariDataSource pool;
    private final ThreadPoolExecutor executor;
    private final StoreHealth health;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final ChangeListener listener;
    private volatile int schemaVersion;

    PostgresStore(StoreSettings settings, String node, Clock clock) {
        this.settings = settings;
        this.node = node;
        this.description = describe(settings);
        this.health = new StoreHealth(description, clock);
        this.direct = dataSource(settings, node);
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(direct);
        hc.setPoolName("portcullis-store");
        hc.setMaximumPoolSize(settings.poolSize());
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(settings.connectTimeout().toMillis());
        hc.setValidationTimeout(Math.min(settings.connectTimeout().toMillis(), 5000));
        hc.setInitializationFailTimeout(-1); // start without the database; it may come later
        this.pool = new HikariDataSource(hc);
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(settings.poolSize(), settings.poolSize(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "portcullis-store-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.listener = new ChangeListener(this, direct, health);
    }

    void start() {
        listener.start();
    }

    void close() {
        listener.stop();
        executor.shutdownNow();
        pool.close();
    }

    static PGSimpleDataSource dataSource(StoreSettings s, String node) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(s.url());
        if (s.user() != null) {
            ds.setUser(s.user());
        }
        if (s.password() != null) {
            ds.setPassword(s.password());
        }
        if (s.sslmode() != null) {
            ds.setSslMode(s.sslmode());
        }
        if (s.sslrootcert() != null) {
            ds.setSslRootCert(s.sslrootcert());
        }
        int connectSeconds = (int) Math.max(1, s.connectTimeout().toSeconds());
        ds.setConnectTimeout(connectSeconds);
        ds.setLoginTimeout(connectSeconds);
        // socket timeout above the statement timeout, so a dead server is noticed, a slow statement cancelled first
        ds.setSocketTimeout((int) s.statementTimeout().toSeconds() + 5);
        ds.setTcpKeepAlive(true);
        ds.setApplicationName("portcullis " + node);
        ds.setOptions("-c statement_timeout=" + s.statementTimeout().toMillis());
        return ds;
    }

    static String describe(StoreSettings s) {
        String rest = s.url().substring("jdbc:postgresql://".length());
        int q = rest.indexOf('?');
        return "PostgreSQL " + (s.user() == null ? "" : s.user() + "@") + (q < 0 ? rest : rest.substring(0, q));
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String node() {
        return node;
    }

    int schemaVersion() {
        return schemaVersion;
    }

    /** Runs on the listener's fresh connection before anything else touches the schema. */
    void migrate(Connection c) throws SQLException {
        schemaVersion = SchemaMigrations.migrate(c, node);
    }

    @Override
    public CompletionStage<Optional<StoredEntry>> get(String namespace, String key) {
        check(namespace, key);
        return run("reading " + namespace, c -> read(c, namespace, key, false));
    }

    /** @param lag whether the entry was just notified: then its age is the notification lag */
    Optional<StoredEntry> read(Connection c, String namespace, String key, boolean lag) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT key, value, written_by, written_at, expires_at, "
                + "extract(epoch FROM now() - written_at) FROM portcullis_entry WHERE namespace = ? AND key = ? "
                + "AND (expires_at IS NULL OR expires_at > now())")) {
            ps.setString(1, namespace);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                if (lag) {
                    health.lag(Duration.ofMillis((long) (rs.getDouble(6) * 1000)));
                }
                return Optional.of(entry(rs));
            }
        }
    }

    Map<String, StoredEntry> readAll(Connection c, String namespace) throws SQLException {
        Map<String, StoredEntry> all = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT key, value, written_by, written_at, expires_at "
                + "FROM portcullis_entry WHERE namespace = ? AND (expires_at IS NULL OR expires_at > now())")) {
            ps.setString(1, namespace);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StoredEntry e = entry(rs);
                    all.put(e.key(), e);
                }
            }
        }
        return all;
    }

    @Override
    public CompletionStage<Void> put(String namespace, String key, String value, Instant expires) {
        check(namespace, key);
        return run("writing " + namespace, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO portcullis_entry (namespace, key, value, "
                    + "written_by, written_at, expires_at) VALUES (?, ?, ?, ?, now(), ?) ON CONFLICT (namespace, key) "
                    + "DO UPDATE SET value = excluded.value, written_by = excluded.written_by, written_at = now(), "
                    + "expires_at = excluded.expires_at")) {
                ps.setString(1, namespace);
                ps.setString(2, key);
                ps.setString(3, value);
                ps.setString(4, node);
                ps.setTimestamp(5, expires == null ? null : Timestamp.from(expires));
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public CompletionStage<StoredEntry> putIfAbsent(String namespace, String key, String value, Instant expires) {
        check(namespace, key);
        return run("writing " + namespace, c -> {
            // an expired entry counts as absent: it is replaced; a live one is returned as it is
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO portcullis_entry (namespace, key, value, "
                    + "written_by, written_at, expires_at) VALUES (?, ?, ?, ?, now(), ?) ON CONFLICT (namespace, key) "
                    + "DO UPDATE SET value = excluded.value, written_by = excluded.written_by, written_at = now(), "
                    + "expires_at = excluded.expires_at WHERE portcullis_entry.expires_at IS NOT NULL "
                    + "AND portcullis_entry.expires_at <= now() "
                    + "RETURNING key, value, written_by, written_at, expires_at")) {
                ps.setString(1, namespace);
                ps.setString(2, key);
                ps.setString(3, value);
                ps.setString(4, node);
                ps.setTimestamp(5, expires == null ? null : Timestamp.from(expires));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return entry(rs);
                    }
                }
            }
            return read(c, namespace, key, false).orElseThrow(() -> new SQLException("entry " + key + " vanished"));
        });
    }

    @Override
    public AutoCloseable subscribe(String namespace, StoreListener l) {
        Subscription s = new Subscription(namespace, l, executor);
        subscriptions.add(s);
        if (health.reachable()) {
            reload(s);
        }
        return () -> subscriptions.remove(s);
    }

    List<Subscription> subscriptions() {
        return subscriptions;
    }

    /** After (re)connecting: every subscriber gets its namespace afresh (changes missed meanwhile included). */
    void reload(Subscription s) {
        run("reading " + s.namespace(), c -> readAll(c, s.namespace()))
                .thenAccept(all -> s.deliver(() -> s.listener().reloaded(all)));
    }

    /** A notification from another node: fetch the entry and tell the subscribers of its namespace. */
    void notified(String namespace, String writer, String key) {
        if (writer.equals(node)) {
            return; // our own write: our memory already holds it
        }
        for (Subscription s : subscriptions) {
            if (s.namespace().equals(namespace)) {
                run("reading " + namespace, c -> read(c, namespace, key, true))
                        .thenAccept(e -> s.deliver(() -> s.listener().changed(key, e)));
            }
        }
    }

    @Override
    public StoreStatus status() {
        return health.status(node, schemaVersion);
    }

    StoreHealth health() {
        return health;
    }

    /** Periodic upkeep on the listener's connection: this node's heartbeat, the members, expired entries. */
    void upkeep(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO portcullis_member (node) VALUES (?) "
                + "ON CONFLICT (node) DO UPDATE SET seen_at = now()")) {
            ps.setString(1, node);
            ps.executeUpdate();
        }
        List<String> members = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT node FROM portcullis_member "
                + "WHERE seen_at > now() - interval '90 seconds' ORDER BY node");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                members.add(rs.getString(1));
            }
        }
        health.members(members);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM portcullis_entry WHERE expires_at <= now() - "
                + "interval '1 minute'")) {
            ps.executeUpdate();
        }
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> CompletionStage<T> run(String what, Work<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try (Connection c = pool.getConnection()) {
                    T result = work.run(c);
                    health.succeeded();
                    f.complete(result);
                } catch (SQLException | RuntimeException e) {
                    health.failed(what, e);
                    f.completeExceptionally(new StoreUnavailableException("the shared store " + description
                            + " did not confirm " + what + ": " + e.getMessage(), e));
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new StoreUnavailableException("the shared store " + description + " has "
                    + QUEUE + " operations waiting; " + what + " was refused", e));
        }
        return f;
    }

    private static void check(String namespace, String key) {
        if (namespace.isEmpty() || namespace.indexOf('\u001f') >= 0 || key.isEmpty() || key.length() > MAX_KEY) {
            throw new IllegalArgumentException("namespace or key out of bounds (key 1 to " + MAX_KEY + " characters)");
        }
    }

    private static StoredEntry entry(ResultSet rs) throws SQLException {
        Timestamp expires = rs.getTimestamp(5);
        return new StoredEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                expires == null ? null : expires.toInstant());
    }

    /** One subscriber; deliveries chained, so it never runs twice at once. */
    static final class Subscription {
        private final String namespace;
        private final StoreListener listener;
        private final java.util.concurrent.Executor executor;
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

        Subscription(String namespace, StoreListener listener, java.util.concurrent.Executor executor) {
            this.namespace = namespace;
            this.listener = listener;
            this.executor = executor;
        }

        String namespace() {
            return namespace;
        }

        StoreListener listener() {
            return listener;
        }

        synchronized void deliver(Runnable call) {
            tail = tail.thenRunAsync(() -> {
                try {
                    call.run();
                } catch (RuntimeException e) {
                    LOG.error("A subscriber of the shared store's {} entries failed", namespace, e);
                }
            }, executor).exceptionally(e -> null);
        }
    }
}
