package dev.portcullis.server;

import dev.portcullis.stream.Element;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * XEP-0199 pings we sent and wait for: matched to their answer by IQ id (RFC 6120 §8.2.3), failed after a
 * timeout. I/O thread only.
 */
final class PendingPings {
    private final Duration timeout;
    private final Map<String, Pending> pending = new HashMap<>();

    PendingPings(Duration timeout) {
        this.timeout = timeout;
    }

    /** Registers a ping about to be sent; returns its IQ id. */
    String add(String to, long now, CompletableFuture<PingOutcome> result) {
        String id = "portcullis-ping-" + UUID.randomUUID();
        pending.put(id, new Pending(result, System.nanoTime(), now + timeout.toMillis(), to));
        return id;
    }

    /** Completes the ping this IQ result or error answers; false when it answers none of ours. */
    boolean answer(Element iq) {
        String type = iq.attribute("type");
        String id = iq.attribute("id");
        if (id == null || !("result".equals(type) || "error".equals(type))) {
            return false;
        }
        Pending p = pending.remove(id);
        if (p == null) {
            return false;
        }
        Duration rtt = Duration.ofNanos(System.nanoTime() - p.startNanos);
        p.result.complete("result".equals(type) ? new PingOutcome(true, rtt, "pong from " + p.to)
                : new PingOutcome(false, rtt, "error from " + p.to + ": " + Stanzas.errorCondition(iq)));
        return true;
    }

    /** Fails pings that waited longer than the timeout. */
    void expire(long now) {
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (now >= p.deadline) {
                it.remove();
                p.result.complete(new PingOutcome(false, null, "no answer from " + p.to + " within "
                        + timeout.toSeconds() + " s"));
            }
        }
    }

    private record Pending(CompletableFuture<PingOutcome> result, long startNanos, long deadline, String to) {
    }
}
