package dev.portcullis.testkit.load;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * New negotiations arriving continuously in the background (see {@link LoadGenerator#churn}). Every started
 * negotiation ends in exactly one of: completed, refused with {@code <reset/>} (RFC 6120 §4.9.3.16), refused
 * otherwise, or hung (no answer within the timeout), so a test can assert that none hangs.
 */
public final class Churn implements AutoCloseable {
    /** One finished negotiation: when it started (nanoTime), how it ended, and the failure text if any. */
    public record Outcome(long startedNanos, long endedNanos, Kind kind, String detail) {
    }

    public enum Kind { COMPLETED, RESET, REFUSED, HUNG }

    private final List<Thread> threads = new ArrayList<>();
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean running = true;

    Churn(InetSocketAddress server, String serverDomain, OriginDomains domains, int concurrency, Duration timeout) {
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(null, () -> {
                while (running) {
                    String from = domains.name(next.getAndIncrement());
                    long t0 = System.nanoTime();
                    Outcome o;
                    try (InitiatingStream s = InitiatingStream.open(server, from, serverDomain, domains, timeout.toMillis())) {
                        o = new Outcome(t0, System.nanoTime(), Kind.COMPLETED, null);
                    } catch (LoadException e) {
                        Kind k = e.isReset() ? Kind.RESET : e.getMessage().startsWith("timed out") ? Kind.HUNG : Kind.REFUSED;
                        o = new Outcome(t0, System.nanoTime(), k, from + ": " + e.getMessage());
                    } catch (java.net.SocketTimeoutException e) {
                        o = new Outcome(t0, System.nanoTime(), Kind.HUNG, from + ": " + e);
                    } catch (Exception e) {
                        o = new Outcome(t0, System.nanoTime(), Kind.REFUSED, from + ": " + e);
                    }
                    outcomes.add(o);
                }
            }, "load-churn-" + i, 512 * 1024);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** All outcomes so far. */
    public List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** Outcomes of negotiations that started after {@code sinceNanos}. */
    public List<Outcome> since(long sinceNanos) {
        return outcomes.stream().filter(o -> o.startedNanos() >= sinceNanos).toList();
    }

    /** Stops starting new negotiations and waits for the running ones to end. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(60_000);
        }
    }
}
