package dev.portcullis.testkit.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens many s2s streams against one XMPP server on loopback with full negotiation ({@link InitiatingStream}),
 * keeps them established and idle, pings over them (XEP-0199; answers arrive through the {@link ReplyServer}),
 * and can keep new negotiations arriving in the background ({@link #churn}). Bounded: every wait has a timeout,
 * nothing runs after {@link #close()}.
 */
public final class LoadGenerator implements AutoCloseable {
    private final InetSocketAddress server;
    private final String serverDomain;
    private final OriginDomains origins;
    private final ReplyServer replies;
    private final List<InitiatingStream> established = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong pingIds = new AtomicLong();
    private final AtomicInteger nextDomain = new AtomicInteger();

    public LoadGenerator(InetSocketAddress server, String serverDomain, OriginDomains origins, ReplyServer replies) {
        this.server = server;
        this.serverDomain = serverDomain;
        this.origins = origins;
        this.replies = replies;
    }

    public OriginDomains origins() {
        return origins;
    }

    /** Streams opened by {@link #negotiate} and still held. */
    public List<InitiatingStream> established() {
        synchronized (established) {
            return List.copyOf(established);
        }
    }

    /**
     * Negotiates {@code count} streams, {@code concurrency} at a time, each from the next origin domain; the
     * successful ones stay open and idle.
     */
    public NegotiationRun negotiate(int count, int concurrency, Duration timeout) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(null, r, "load-negotiate", 512 * 1024);
            t.setDaemon(true);
            return t;
        });
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger resets = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String from = origins.name(nextDomain.getAndIncrement());
                all.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    try {
                        InitiatingStream s = InitiatingStream.open(server, from, serverDomain, origins, timeout.toMillis());
                        latencies.add(System.nanoTime() - t0);
                        established.add(s);
                        ok.incrementAndGet();
                    } catch (LoadException e) {
                        (e.isReset() ? resets : failures).incrementAndGet();
                        if (samples.size() < 10) {
                            samples.add(from + ": " + e.getMessage());
                        }
                    } catch (IOException | RuntimeException e) {
                        failures.incrementAndGet();
                        if (samples.size() < 10) {
                            samples.add(from + ": " + e);
                        }
                    }
                }));
            }
            for (Future<?> f : all) {
                try {
                    f.get(timeout.toMillis() * 2 + 1000L * count / Math.max(1, concurrency), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
                    failures.incrementAndGet();
                    if (samples.size() < 10) {
                        samples.add("task: " + e);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new NegotiationRun(count, ok.get(), resets.get(), failures.get(), System.nanoTime() - start,
                Percentiles.ofNanos(latencies), List.copyOf(samples));
    }

    /**
     * Pings from every held stream at once (XEP-0199 §4.3) and waits for the answers.
     *
     * @return round-trip latencies; {@link Percentiles#count()} is the number answered in time
     */
    public Percentiles pingAll(Duration timeout) throws InterruptedException {
        List<InitiatingStream> streams = established();
        List<CompletableFuture<String>> answers = new ArrayList<>();
        ConcurrentLinkedQueue<Long> rtt = new ConcurrentLinkedQueue<>();
        List<String> ids = new ArrayList<>();
        for (InitiatingStream s : streams) {
            String id = "ping-" + pingIds.incrementAndGet();
            ids.add(id);
            long t0 = System.nanoTime();
            CompletableFuture<String> f = replies.expect(id);
            answers.add(f.whenComplete((r, e) -> {
                if (e == null) {
                    rtt.add(System.nanoTime() - t0);
                }
            }));
            try {
                s.ping(id);
            } catch (IOException e) {
                f.completeExceptionally(e);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (CompletableFuture<String> f : answers) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
                // counted as unanswered
            }
        }
        ids.forEach(replies::forget);
        return Percentiles.ofNanos(List.copyOf(rtt));
    }

    /** Held streams the server has closed (checked without blocking). */
    public int countClosedByServer() {
        int closed = 0;
        for (InitiatingStream s : established()) {
            if (!s.isOpen()) {
                closed++;
            }
        }
        return closed;
    }

    /**
     * Keeps {@code concurrency} new negotiations arriving until the returned handle is stopped: each opens a
     * stream from one of {@code domains} (a separate set from the held streams), records its outcome, closes it.
     */
    public Churn churn(OriginDomains domains, int concurrency, Duration timeout) {
        return new Churn(server, serverDomain, domains, concurrency, timeout);
    }

    public void closeAll() {
        for (InitiatingStream s : established()) {
            s.close();
        }
        established.clear();
    }

    @Override
    public void close() {
        closeAll();
    }
}
