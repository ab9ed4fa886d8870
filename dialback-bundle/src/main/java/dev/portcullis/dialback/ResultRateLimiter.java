package dev.portcullis.dialback;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Counts {@code db:result} requests per stream in fixed windows, so one peer cannot make us open streams
 * to authoritative servers without bound (XEP-0220 §2.5 resource-constraint, RFC 6120 §8.3.3.18).
 * Only counters live here; the stream itself stays in the host.
 */
final class ResultRateLimiter {

    /** The verdict on one request. */
    enum Admission {
        ADMITTED,
        /** The first refusal in this window: worth a log line. */
        REFUSED_FIRST,
        /** Refused again in the same window: counted silently, so a flood does not also flood the log. */
        REFUSED
    }

    private static final int PURGE_EVERY = 1024;

    private static final class Window {
        Instant start;
        int count;
        boolean warned;

        Window(Instant start) {
            this.start = start;
        }
    }

    private final Map<String, Window> windows = new HashMap<>();
    private int calls;

    synchronized Admission admit(String streamId, Instant now, int limit, Duration window) {
        if (++calls % PURGE_EVERY == 0) {
            purge(now, window);
        }
        Window w = windows.computeIfAbsent(streamId, id -> new Window(now));
        if (!now.isBefore(w.start.plus(window))) {
            w.start = now;
            w.count = 0;
            w.warned = false;
        }
        if (w.count < limit) {
            w.count++;
            return Admission.ADMITTED;
        }
        if (!w.warned) {
            w.warned = true;
            return Admission.REFUSED_FIRST;
        }
        return Admission.REFUSED;
    }

    private void purge(Instant now, Duration window) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            if (!now.isBefore(it.next().start.plus(window))) {
                it.remove();
            }
        }
    }
}
