package dev.portcullis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 1: every core. Connections are spread over {@code io.threads} reactor threads and stay on one;
 * TLS delegated tasks run on the bounded worker pool, so a handshake held on a worker does not delay the
 * established streams of the same reactor thread; a full worker queue refuses the new handshake.
 * Deterministic: tasks are held at a gate, nothing is timed.
 */
class ReactorThreadsTest {
    static TestCa ca;
    static IssuedCertificate alphaCert;
    static IssuedCertificate betaCert;

    @TempDir
    static Path dir;

    final List<FederationServer> servers = new ArrayList<>();
    final List<ExecutorService> pools = new ArrayList<>();
    final List<Socket> sockets = new ArrayList<>();

    @BeforeAll
    static void certificates() {
        ca = TestCa.create("ReactorThreadsTest CA");
        alphaCert = ca.issue("alpha.test").dnsName("alpha.test").build();
        betaCert = ca.issue("beta.test").dnsName("beta.test").build();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        servers.forEach(FederationServer::stop);
        pools.forEach(ExecutorService::shutdownNow);
    }

    private ExecutorService pool(int threads, int queue) {
        ExecutorService p = HandshakeWorkers.create(threads, queue);
        pools.add(p);
        return p;
    }

    private FederationServer server(String domain, IssuedCertificate cert, Map<String, String> config, Executor workers)
            throws Exception {
        IssuedCertificate.Pem pem = cert.writePem(dir, domain);
        BoundServices services = new BoundServices();
        services.domains.add(new LocalDomain(new HashMap<>(Map.of("domain", domain,
                "certificate", pem.certificate().toString(), "key", pem.key().toString()))));
        services.tls.set(LabSecurity.tls(ca.certificate()));
        services.verifier.set(LabSecurity.verifier());
        Map<String, String> c = new HashMap<>(Map.of("listen", "127.0.0.1:0"));
        c.putAll(config);
        FederationServer s = new FederationServer(ServerSettings.parse(c), services, new Events(), Clock.systemUTC(),
                workers);
        servers.add(s);
        s.start();
        return s;
    }

    private static int port(FederationServer s, int listener) {
        return s.boundAddresses().get(listener).getPort();
    }

    /** Which reactor thread owns each open connection, asked on that thread. */
    private static Map<String, Long> connectionsByThread(FederationServer s) {
        List<String> names = new ArrayList<>();
        for (ReactorConnections lane : s.reactors().lanes()) {
            names.addAll(lane.reactor().call(() -> lane.collect(c -> Thread.currentThread().getName()), 5_000));
        }
        return names.stream().collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    @Test
    @DisplayName("Connections are spread over io.threads reactor threads named portcullis-s2s-io-<n> (issue 12 item 1)")
    void connectionsAreSpreadOverTheConfiguredReactorThreads() throws Exception {
        FederationServer alpha = server("alpha.test", alphaCert, Map.of("io.threads", "3"), pool(1, 16));
        assertEquals(3, alpha.reactors().size());
        for (int i = 0; i < 6; i++) {
            sockets.add(new Socket("127.0.0.1", port(alpha, 0)));
        }
        Map<String, Long> byThread = Map.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (byThread.values().stream().mapToLong(Long::longValue).sum() < 6 && System.nanoTime() < deadline) {
            byThread = connectionsByThread(alpha); // accepted on the home thread, adopted on their own
        }
        assertEquals(Map.of("portcullis-s2s-io-0", 2L, "portcullis-s2s-io-1", 2L, "portcullis-s2s-io-2", 2L), byThread);
    }

    @Test
    @DisplayName("An established link is served while a handshake's delegated task on the same reactor thread is held "
            + "(issue 12 item 1; XEP-0199 §4.3 ping)")
    void establishedLinkIsServedWhileAHandshakeTaskOfTheSameThreadIsHeld() throws Exception {
        GatedExecutor gate = new GatedExecutor(pool(2, 16));
        FederationServer beta = server("beta.test", betaCert, Map.of("io.threads", "1"), pool(1, 16));
        FederationServer alpha = server("alpha.test", alphaCert, Map.of("io.threads", "1",
                "directtls.listen", "127.0.0.1:0", "routes", "beta.test=127.0.0.1:" + port(beta, 0)), gate);
        beta.reconfigure(ServerSettings.parse(Map.of("listen", "127.0.0.1:0", "io.threads", "1",
                "routes", "alpha.test=127.0.0.1:" + port(alpha, 0))));
        PingOutcome first = alpha.ping("alpha.test", "beta.test").toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertTrue(first.success(), first.detail());

        gate.close();
        CompletableFuture<String> held = handshake(port(alpha, 1));
        assertTrue(gate.awaitEntered(20), "the new handshake's delegated task reached the worker pool");
        try {
            PingOutcome during = alpha.ping("alpha.test", "beta.test").toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertTrue(during.success(), during.detail());
            assertEquals(1, gate.waiting(), "the handshake's task is still held while the established link answered");
            assertTrue(!held.isDone(), "the held handshake has not completed");
        } finally {
            gate.open();
        }
        assertEquals("TLSv1.3", held.get(30, TimeUnit.SECONDS), "the held handshake resumes on its reactor thread");
    }

    @Test
    @DisplayName("A full worker queue refuses the next handshake, closing its connection; the held ones complete "
            + "(issue 12 item 1, RFC 6120 §4.9.3.17)")
    void fullWorkerQueueClosesTheNextHandshakeAndLosesNoOther() throws Exception {
        GatedExecutor gate = new GatedExecutor(pool(1, 1)); // one running, one waiting
        FederationServer alpha = server("alpha.test", alphaCert, Map.of("io.threads", "1",
                "directtls.listen", "127.0.0.1:0"), gate);
        gate.close();
        CompletableFuture<String> running = handshake(port(alpha, 1));
        assertTrue(gate.awaitEntered(20), "the first handshake's task runs (held at the gate)");
        CompletableFuture<String> queued = handshake(port(alpha, 1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (gate.accepted() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(2, gate.accepted(), "the second handshake's task waits in the queue");
        CompletableFuture<String> refused = handshake(port(alpha, 1));
        Throwable failure = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> refused.get(30, TimeUnit.SECONDS)).getCause();
        assertEquals(javax.net.ssl.SSLHandshakeException.class, failure.getClass(), "the refused handshake ends with the connection: " + failure);
        assertEquals(2, gate.accepted(), "nothing of the refused handshake ran");
        gate.open();
        assertEquals("TLSv1.3", running.get(30, TimeUnit.SECONDS));
        assertEquals("TLSv1.3", queued.get(30, TimeUnit.SECONDS));
    }

    @Test
    @DisplayName("A peer's events wait for the home reactor in bounded number: beyond it we stop reading it, and "
            + "lose nothing (RFC 6120 §13.12; XEP-0199 §4.3 pings)")
    void eventsForABusyHomeReactorAreBoundedPerConnectionAndNoneIsLost() throws Exception {
        FederationServer beta = server("beta.test", betaCert, Map.of("io.threads", "1"), pool(1, 16));
        FederationServer alpha = server("alpha.test", alphaCert, Map.of("io.threads", "2",
                "routes", "beta.test=127.0.0.1:" + port(beta, 0)), pool(2, 16));
        beta.reconfigure(ServerSettings.parse(Map.of("listen", "127.0.0.1:0", "io.threads", "1",
                "routes", "alpha.test=127.0.0.1:" + port(alpha, 0))));
        PingOutcome first = alpha.ping("alpha.test", "beta.test").toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertTrue(first.success(), first.detail()); // alpha -> beta on io-0, beta -> alpha (the pong) on io-1
        ReactorConnections io1 = alpha.reactors().lanes().get(1);
        assertEquals(1, io1.reactor().call(() -> io1.collect(c -> c).size(), 5_000), "beta's stream is on io-1");

        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
        alpha.reactors().home().submit(() -> {
            try {
                busy.await(60, TimeUnit.SECONDS); // the home reactor is stuck in long work
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        int pings = 2000;
        List<CompletableFuture<PingOutcome>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < pings; i++) {
                answers.add(beta.ping("beta.test", "alpha.test").toCompletableFuture());
            }
            boolean paused = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!paused && System.nanoTime() < deadline) {
                paused = io1.reactor().call(() -> io1.collect(Connection::homePaused), 5_000).equals(List.of(true));
            }
            assertTrue(paused, "beta's stream stopped being read while home is busy");
            int waiting = io1.reactor().call(() -> io1.collect(Connection::homeBacklog), 5_000).get(0);
            assertTrue(waiting > Connection.HOME_TASKS_LIMIT && waiting < pings,
                    "events waiting for home: " + waiting + " (limit " + Connection.HOME_TASKS_LIMIT + ", one read more)");
        } finally {
            busy.countDown();
        }
        for (CompletableFuture<PingOutcome> a : answers) {
            PingOutcome o = a.get(60, TimeUnit.SECONDS);
            assertTrue(o.success(), o.detail());
        }
    }

    /** A direct-TLS client (XEP-0368) that only handshakes; completes with the protocol. */
    private CompletableFuture<String> handshake(int port) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(null, new TrustManager[]{new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
        sockets.add(s);
        s.setSoTimeout(60_000);
        return CompletableFuture.supplyAsync(() -> {
            try {
                s.startHandshake();
                return s.getSession().getProtocol();
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, r -> new Thread(r, "test-tls-client").start());
    }
}
