package dev.portcullis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.dialback.DialbackResultType;
import dev.portcullis.api.dialback.VerifyAnswer;
import dev.portcullis.api.dialback.VerifyQuery;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server core on real loopback sockets with the real stream layer; no security services are bound, so
 * only what works without them is exercised here (the integration tests run the real bundles).
 */
class FederationServerTest {
    static TestCa ca;
    static IssuedCertificate alpha;

    @TempDir
    static Path dir;

    FederationServer server;
    final BoundServices services = new BoundServices();

    @BeforeAll
    static void certificates() {
        ca = TestCa.create("FederationServerTest CA");
        alpha = ca.issue("alpha.test").dnsName("alpha.test").build();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void start(Map<String, String> config) throws Exception {
        IssuedCertificate.Pem pem = alpha.writePem(dir, "alpha");
        services.domains.add(new LocalDomain(new HashMap<>(Map.of("domain", "alpha.test",
                "certificate", pem.certificate().toString(), "key", pem.key().toString()))));
        Map<String, String> c = new HashMap<>(Map.of("listen", "127.0.0.1:0"));
        c.putAll(config);
        server = new FederationServer(ServerSettings.parse(c), services, new Events(), Clock.systemUTC());
        server.start();
    }

    private int port() {
        return server.boundAddresses().get(0).getPort();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void silentConnectionsAreClosedAtNegotiationTimeoutRfc6120Section4_9_3_4() throws Exception {
        start(Map.of("negotiation.timeout", "1"));
        List<Socket> silent = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            silent.add(new Socket("127.0.0.1", port()));
        }
        int closed = 0;
        for (Socket s : silent) {
            s.setSoTimeout(10_000);
            try (s; InputStream in = s.getInputStream()) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(text.isEmpty() || text.contains("connection-timeout"), text);
                closed++;
            }
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(200, closed);
        assertTrue(ms >= 900, "closed too early: " + ms + " ms");
        assertEquals(0, server.connectionCount());
    }

    @Test
    void pingToUnreachablePeerBouncesWithRemoteServerNotFound() throws Exception {
        start(Map.of("routes", "beta.test=127.0.0.1:" + closedPort()));
        PingOutcome o = server.ping("alpha.test", "beta.test").toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertFalse(o.success());
        assertTrue(o.detail().contains("remote-server-not-found"), o.detail());
    }

    @Test
    void peerWithoutRouteOrPeerLocatorIsRefusedNamingTheMissingService() throws Exception {
        start(Map.of());
        PingOutcome o = server.ping("alpha.test", "gamma.test").toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertFalse(o.success());
        assertTrue(o.detail().contains("PeerLocator"), o.detail());
    }

    @Test
    void pingFromForeignDomainIsRefused() throws Exception {
        start(Map.of());
        PingOutcome o = server.ping("mallory.test", "beta.test").toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertFalse(o.success());
        assertTrue(o.detail().contains("not a local domain"), o.detail());
    }

    @Test
    void dialbackVerifyToUnreachableServerCompletesWithErrorNeverExceptionally() throws Exception {
        start(Map.of("routes", "beta.test=127.0.0.1:" + closedPort()));
        VerifyAnswer a = server.verify(new VerifyQuery("alpha.test", "beta.test", "s1", "k"))
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertEquals(DialbackResultType.ERROR, a.type());
    }

    @Test
    void stanzasWaitForAuthenticationInABoundedQueueRfc6120Section4_3_3() throws Exception {
        // a peer that accepts TCP but never answers: the stream never authenticates
        try (ServerSocket mute = new ServerSocket()) {
            mute.bind(new InetSocketAddress("127.0.0.1", 0));
            start(Map.of("routes", "beta.test=127.0.0.1:" + mute.getLocalPort(), "outbound.queue.limit", "2"));
            var first = server.ping("alpha.test", "beta.test");
            var second = server.ping("alpha.test", "beta.test");
            PingOutcome third = server.ping("alpha.test", "beta.test").toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertFalse(third.success());
            assertTrue(third.detail().contains("resource-constraint"), third.detail());
            assertFalse(first.toCompletableFuture().isDone(), "queued stanzas wait for the stream");
            assertFalse(second.toCompletableFuture().isDone(), "queued stanzas wait for the stream");
        }
    }
}
