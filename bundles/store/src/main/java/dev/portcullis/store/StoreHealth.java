package dev.portcullis.store;

import dev.portcullis.api.store.StoreStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the shared store answers, as the last operation found it. Logs each change once: an ERROR naming the
 * store, what keeps working and what to do when it stops answering; an INFO when it answers again.
 */
final class StoreHealth {
    private static final Logger LOG = LoggerFactory.getLogger(StoreHealth.class);

    private final String description;
    private final Clock clock;
    private boolean reachable;
    private boolean everConnected;
    private Instant since;
    private String lastError;
    private List<String> members = List.of();
    private Duration lag;
    private Instant lastErrorLogged;

    StoreHealth(String description, Clock clock) {
        this.description = description;
        this.clock = clock;
        this.since = clock.instant();
    }

    synchronized boolean reachable() {
        return reachable;
    }

    synchronized void succeeded() {
        if (!reachable) {
            reachable = true;
            since = clock.instant();
            LOG.info("The shared store {} is {}; this node shares its certificate memory, verification cache and "
                    + "dialback replay guard through it", description, everConnected ? "reachable again" : "connected");
            everConnected = true;
        }
    }

    synchronized void failed(String what, Exception e) {
        lastError = what + ": " + e.getMessage();
        if (reachable || !everConnected && lastErrorLogged == null) {
            LOG.error("The shared store {} is unreachable ({}: {}). Established streams are untouched and peers keep "
                    + "being verified from this node's own knowledge, which is kept in its local files until the store "
                    + "is back (no pin is forgotten); dialback requests that need the shared replay guard are answered "
                    + "with a temporary error (fail closed) until then. Check that PostgreSQL is running and reachable "
                    + "from this node with the url, user and password-file of etc/{}.cfg; Portcullis reconnects by "
                    + "itself.", description, what, e.getMessage(), StoreSettings.PID);
            lastErrorLogged = clock.instant();
        }
        if (reachable) {
            since = clock.instant();
        }
        reachable = false;
    }

    synchronized void members(List<String> now) {
        members = List.copyOf(now);
    }

    synchronized void lag(Duration d) {
        lag = d.isNegative() ? Duration.ZERO : d;
    }

    synchronized StoreStatus status(String node, int schemaVersion) {
        return new StoreStatus(description, node, reachable, schemaVersion, reachable ? members : List.of(), lag,
                lastError, since);
    }
}
