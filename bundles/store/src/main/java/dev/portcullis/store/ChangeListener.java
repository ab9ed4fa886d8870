package dev.portcullis.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dedicated {@code portcullis-store-notifications} thread: holds one connection outside the pool that
 * migrates the schema, LISTENs on {@code portcullis_store} and writes this node's heartbeat; when it breaks,
 * reconnects with a growing pause (1 s to 30 s) and has every subscriber reload, so nothing missed is lost.
 */
final class ChangeListener {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);
    static final Duration UPKEEP = Duration.ofSeconds(10);

    private final PostgresStore store;
    private final PGSimpleDataSource dataSource;
    private final StoreHealth health;
    private final Thread thread;
    private volatile boolean running = true;

    ChangeListener(PostgresStore store, PGSimpleDataSource dataSource, StoreHealth health) {
        this.store = store;
        this.dataSource = dataSource;
        this.health = health;
        this.thread = new Thread(this::loop, "portcullis-store-notifications");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        long pause = 1000;
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                store.migrate(c);
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN portcullis_store");
                }
                store.upkeep(c);
                health.succeeded();
                pause = 1000;
                for (PostgresStore.Subscription s : store.subscriptions()) {
                    store.reload(s);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                long nextUpkeep = System.nanoTime() + UPKEEP.toNanos();
                while (running) {
                    PGNotification[] notes = pg.getNotifications(1000);
                    if (notes != null) {
                        for (PGNotification n : notes) {
                            String[] parts = n.getParameter().split("\u001f", 3);
                            if (parts.length == 3) {
                                store.notified(parts[0], parts[1], parts[2]);
                            }
                        }
                    }
                    if (System.nanoTime() - nextUpkeep > 0) {
                        store.upkeep(c);
                        nextUpkeep = System.nanoTime() + UPKEEP.toNanos();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                health.failed("listening for changes", e);
                LOG.debug("store listener connection failed", e);
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
            pause = Math.min(pause * 2, 30_000);
        }
    }
}
