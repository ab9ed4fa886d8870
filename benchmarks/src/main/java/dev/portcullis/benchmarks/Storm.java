package dev.portcullis.benchmarks;

import dev.portcullis.testkit.load.InitiatingStream;
import dev.portcullis.testkit.load.Percentiles;
import dev.portcullis.testkit.load.ReplyServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Established links pinging while something else runs: each link sends an XEP-0199 ping every
 * {@code interval} (staggered across links), and each ping is booked to the phase it was sent in. A ping whose
 * pong has not arrived {@link #GRACE} after the last phase is lost.
 */
final class Storm implements AutoCloseable {
    static final Duration GRACE = Duration.ofSeconds(5);

    /** Pings sent in one phase and the round-trip times of those answered. */
    record Pings(int sent, Percentiles rtt) {
        int lost() {
            return sent - rtt.count();
        }
    }

    private final class Phase {
        final AtomicInteger sent = new AtomicInteger();
        final ConcurrentLinkedQueue<Long> rtt = new ConcurrentLinkedQueue<>();

        Pings pings() {
            return new Pings(sent.get(), Percentiles.ofNanos(List.copyOf(rtt)));
        }
    }

    private final List<InitiatingStream> links;
    private final ReplyServer replies;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "bench-pinger");
        t.setDaemon(true);
        return t;
    });
    private volatile Phase phase;
    private final AtomicInteger ids = new AtomicInteger();

    Storm(List<InitiatingStream> links, ReplyServer replies, Duration interval) {
        this.links = List.copyOf(links);
        this.replies = replies;
        long step = interval.toNanos() / Math.max(1, links.size());
        for (int k = 0; k < links.size(); k++) {
            InitiatingStream s = links.get(k);
            timer.scheduleAtFixedRate(() -> ping(s), k * step, interval.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** From now on pings are booked to a new phase; the previous one's pings keep arriving into it. */
    Object begin() {
        Phase p = new Phase();
        phase = p;
        return p;
    }

    /** Stops pinging, waits {@link #GRACE} for late pongs, and returns the phases' figures in order. */
    Pings end(Object p) {
        return ((Phase) p).pings();
    }

    void stopPinging() throws InterruptedException {
        phase = null;
        timer.shutdown();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        Thread.sleep(GRACE.toMillis());
    }

    private void ping(InitiatingStream s) {
        Phase p = phase;
        if (p == null) {
            return;
        }
        String id = "link-" + ids.incrementAndGet();
        p.sent.incrementAndGet();
        long t0 = System.nanoTime();
        replies.expect(id).whenComplete((r, e) -> {
            if (e == null) {
                p.rtt.add(System.nanoTime() - t0);
            }
            replies.forget(id);
        });
        try {
            s.ping(id);
        } catch (IOException e) {
            // never answered: counted as lost
        }
    }

    int links() {
        return links.size();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (InitiatingStream s : links) {
            s.close();
        }
    }
}
