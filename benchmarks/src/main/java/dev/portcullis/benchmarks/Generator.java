package dev.portcullis.benchmarks;

import dev.portcullis.testkit.load.InitiatingStream;
import dev.portcullis.testkit.load.LoadException;
import dev.portcullis.testkit.load.OriginDomains;
import dev.portcullis.testkit.load.ReplyServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The load generator: runs in the benchmark's own JVM, never in the server's. Each negotiation is done in full
 * on a fresh TCP connection by one of {@code concurrency} worker threads; count- or time-bounded; every wait has
 * a timeout. Two kinds of negotiation: an XMPP s2s stream ({@link #xmpp}) and a bare TLS handshake ({@link #bare}).
 */
final class Generator {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicLong PING_IDS = new AtomicLong();

    private Generator() {
    }

    /** Opens one connection from origin domain {@code from} and negotiates it; the result is held open. */
    interface Negotiation {
        AutoCloseable open(String from) throws IOException;
    }

    /**
     * Full s2s negotiation (TCP, stream header, STARTTLS, TLS 1.3 with the origin's certificate, SASL EXTERNAL,
     * restart: {@link InitiatingStream}), then with {@code ping} one XEP-0199 ping (§4.3) whose pong the server
     * sends on its own stream to the origin domain, received by {@code replies}.
     */
    static Negotiation xmpp(InetSocketAddress server, String serverDomain, OriginDomains origins, ReplyServer replies,
                            boolean ping) {
        return from -> {
            InitiatingStream s = InitiatingStream.open(server, from, serverDomain, origins, TIMEOUT.toMillis());
            if (ping) {
                try {
                    pingAndWait(s, replies, TIMEOUT);
                } catch (IOException | RuntimeException e) {
                    s.close();
                    throw e;
                }
            }
            return s;
        };
    }

    static void pingAndWait(InitiatingStream s, ReplyServer replies, Duration timeout) throws IOException {
        String id = "bench-" + PING_IDS.incrementAndGet();
        var pong = replies.expect(id);
        try {
            s.ping(id);
            pong.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new LoadException("no pong from " + s.to() + " to " + s.from() + " within " + timeout.toSeconds()
                    + " s (XEP-0199 §4.3)");
        } catch (ExecutionException e) {
            throw new IOException("ping from " + s.from() + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a pong", e);
        } finally {
            replies.forget(id);
        }
    }

    /** TCP, TLS 1.3 handshake with the origin's certificate, one byte echoed: the bare-provider loop's client. */
    static Negotiation bare(InetSocketAddress server, String serverName, OriginDomains origins) {
        return from -> {
            Socket tcp = new Socket();
            try {
                tcp.setTcpNoDelay(true);
                tcp.connect(server, (int) TIMEOUT.toMillis());
                SSLSocket t = (SSLSocket) origins.context(from).getSocketFactory()
                        .createSocket(tcp, serverName, server.getPort(), true);
                SSLParameters p = t.getSSLParameters();
                p.setProtocols(new String[] {"TLSv1.3"});
                t.setSSLParameters(p);
                t.setUseClientMode(true);
                t.setSoTimeout((int) TIMEOUT.toMillis());
                t.startHandshake();
                t.getOutputStream().write('x');
                t.getOutputStream().flush();
                if (t.getInputStream().read() != 'x') {
                    throw new IOException("the bare TLS server did not echo");
                }
                return t;
            } catch (IOException | RuntimeException e) {
                tcp.close();
                throw e;
            }
        };
    }

    /** Outcome of one run: latencies of the successful negotiations and up to ten failure messages. */
    record Run(int attempted, int ok, int failed, List<Long> latencyNanos, long wallNanos, List<String> failures,
               List<AutoCloseable> held) {
        Run {
            latencyNanos = List.copyOf(latencyNanos);
            failures = List.copyOf(failures);
            held = List.copyOf(held);
        }

        void closeHeld() {
            for (AutoCloseable c : held) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing anyway
                }
            }
        }
    }

    /**
     * Runs up to {@code count} negotiations, {@code concurrency} at a time, until {@code count} have been
     * started or {@code maxDuration} has passed (then no new one starts). Domain {@code i} is {@code domain(i)}.
     * With {@code hold} the negotiated connections stay open (returned in {@link Run#held()}), else each is
     * closed right after it is negotiated.
     */
    static Run run(Negotiation n, IntFunction<String> domain, int count, Duration maxDuration, int concurrency,
                   boolean hold) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<AutoCloseable> held = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        long deadline = start + maxDuration.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            Thread t = new Thread(null, () -> {
                int i;
                while (System.nanoTime() < deadline && (i = next.getAndIncrement()) < count) {
                    String from = domain.apply(i);
                    long t0 = System.nanoTime();
                    try {
                        AutoCloseable c = n.open(from);
                        latencies.add(System.nanoTime() - t0);
                        if (hold) {
                            held.add(c);
                        } else {
                            c.close();
                        }
                    } catch (Exception e) {
                        if (failures.size() < 10) {
                            failures.add(from + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                        }
                    }
                }
            }, "bench-negotiate-" + w, 512 * 1024);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        long joinLimit = deadline + TIMEOUT.toNanos() * 3;
        for (Thread t : workers) {
            t.join(Math.max(1, (joinLimit - System.nanoTime()) / 1_000_000));
        }
        long wall = System.nanoTime() - start;
        int attempted = Math.min(next.get(), count);
        for (Thread t : workers) {
            if (t.isAlive()) {
                failures.add("a negotiation did not finish within " + TIMEOUT.toSeconds() * 3 + " s of the run's end");
                t.interrupt();
            }
        }
        List<Long> lat = new ArrayList<>(latencies);
        return new Run(attempted, lat.size(), attempted - lat.size(), lat, wall, new ArrayList<>(failures), new ArrayList<>(held));
    }
}
