package dev.portcullis.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one rate limit for log lines a peer can trigger (issue 11 item 6: a peer must not be able to roll the
 * log away). Per (peer address, kind of line), at most {@code perWindow} lines are written in each window;
 * the rest are counted, and when the window ends the {@link Summary} reports how many were suppressed. At
 * most {@code maxKeys} (address, kind) pairs are tracked; beyond that, new addresses share one
 * {@value #OTHER_ADDRESSES} bucket per kind, so memory stays bounded whatever the peers do. The clock is
 * injected; not thread-safe (the server calls it on its I/O thread).
 */
final class PeerLogLimiter {
    /** The shared bucket once {@code maxKeys} addresses are tracked. */
    static final String OTHER_ADDRESSES = "other addresses";
    static final int DEFAULT_PER_WINDOW = 20;
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    static final int DEFAULT_MAX_KEYS = 4096;

    /** Where the summary of a window goes: one line naming the count, the address and the kind. */
    @FunctionalInterface
    interface Summary {
        void suppressed(int count, String address, String kind, Duration window);
    }

    private record Key(String address, String kind) {
    }

    private static final class Window {
        final Instant start;
        int written;
        int suppressed;

        Window(Instant start) {
            this.start = start;
        }
    }

    private final Clock clock;
    private final int perWindow;
    private final Duration window;
    private final int maxKeys;
    private final Summary summary;
    private final Map<Key, Window> windows = new LinkedHashMap<>();

    PeerLogLimiter(Clock clock, int perWindow, Duration window, int maxKeys, Summary summary) {
        if (perWindow < 1 || maxKeys < 1 || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("perWindow and maxKeys must be positive, window longer than zero");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.perWindow = perWindow;
        this.window = window;
        this.maxKeys = maxKeys;
        this.summary = Objects.requireNonNull(summary, "summary");
    }

    static PeerLogLimiter defaults(Clock clock, Summary summary) {
        return new PeerLogLimiter(clock, DEFAULT_PER_WINDOW, DEFAULT_WINDOW, DEFAULT_MAX_KEYS, summary);
    }

    /**
     * Whether a line of {@code kind} about the peer at {@code address} may be written now. Call it just before
     * logging, and log only when it says yes.
     */
    boolean admit(String address, String kind) {
        Instant now = clock.instant();
        Key key = new Key(address == null ? "an unknown address" : address, kind);
        Window w = current(key, now);
        if (w == null) {
            if (windows.size() >= maxKeys) {
                key = new Key(OTHER_ADDRESSES, kind);
                w = current(key, now);
            }
            if (w == null) {
                w = new Window(now);
                windows.put(key, w);
            }
        }
        if (w.written < perWindow) {
            w.written++;
            return true;
        }
        w.suppressed++;
        return false;
    }

    /** Reports and forgets every window that has ended; the server calls it from its timer. */
    void flush() {
        Instant now = clock.instant();
        for (Iterator<Map.Entry<Key, Window>> it = windows.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Window> e = it.next();
            if (ended(e.getValue(), now)) {
                report(e.getKey(), e.getValue());
                it.remove();
            }
        }
    }

    /** How many (address, kind) pairs are tracked now. */
    int tracked() {
        return windows.size();
    }

    private Window current(Key key, Instant now) {
        Window w = windows.get(key);
        if (w != null && ended(w, now)) {
            report(key, w);
            windows.remove(key);
            return null;
        }
        return w;
    }

    private boolean ended(Window w, Instant now) {
        return !now.isBefore(w.start.plus(window));
    }

    private void report(Key key, Window w) {
        if (w.suppressed > 0) {
            summary.suppressed(w.suppressed, key.address(), key.kind(), window);
        }
    }
}
