package dev.portcullis.server;

import dev.portcullis.testkit.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    final java.util.concurrent.ExecutorService workers = HandshakeWorkers.create(2, HandshakeWorkers.QUEUE);
    final BoundServices services = new BoundServices();
    final Events events = new Events();
    final java.util.concurrent.BlockingQueue<org.osgi.service.event.Event> posted =
            new java.util.concurrent.LinkedBlockingQueue<>();
    static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
            + "xmlns:stream='http://etherx.jabber.org/streams' from='evil.test' to='alpha.test' version='1.0'>";

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
        workers.shutdownNow();
    }

    private void start(Map<String, String> config) throws Exception {
        start(config, Clock.systemUTC());
    }

    private void start(Map<String, String> config, Clock clock) throws Exception {
        IssuedCertificate.Pem pem = alpha.writePem(dir, "alpha");
        services.domains.add(new LocalDomain(new HashMap<>(Map.of("domain", "alpha.test",
                "certificate", pem.certificate().toString(), "key", pem.key().toString()))));
        Map<String, String> c = new HashMap<>(Map.of("listen", "127.0.0.1:0"));
        c.putAll(config);
        events.admin.set(new org.osgi.service.event.EventAdmin() {
            @Override
            public void postEvent(org.osgi.service.event.Event event) {
                posted.add(event);
            }

            @Override
            public void sendEvent(org.osgi.service.event.Event event) {
                posted.add(event);
            }
        });
        server = new FederationServer(ServerSettings.parse(c), services, events, clock, workers);
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
                assertTrue(text.contains("<stream:error><connection-timeout xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>")
                    && text.endsWith("</stream:stream>"), text);
                closed++;
            }
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(200, closed);
        assertTrue(ms >= 900, "closed too early: " + ms + " ms");
        assertEquals(0, server.connectionCount());
    }

    private static String readToEnd(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void hostileInputPostsARefusedEventForAdminsAlerts() throws Exception {
        start(Map.of());
        try (Socket s = new Socket("127.0.0.1", port())) {
            // a DTD in the prolog: refused before the header is even looked at (RFC 6120 §11.1)
            s.getOutputStream().write(("<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]>" + HEADER.substring(21))
                    .getBytes(StandardCharsets.UTF_8));
            String r = readToEnd(s);
            assertTrue(r.contains("restricted-xml"), r);
        }
        org.osgi.service.event.Event e = posted.poll(10, TimeUnit.SECONDS);
        assertTrue(e != null, "no event posted");
        assertEquals(dev.portcullis.api.event.PortcullisEvents.REFUSED, e.getTopic());
        assertEquals("RFC 6120 §4.9.3.18", e.getProperty(dev.portcullis.api.event.PortcullisEvents.PROP_SPEC));
    }

    @Test
    void invalidFromIsRefusedAndTheEventNamesTheEscapedClaimRfc6120Section4_9_3_9() throws Exception {
        start(Map.of());
        try (Socket s = new Socket("127.0.0.1", port())) {
            s.getOutputStream().write(HEADER.replace("from='evil.test'", "from='mallory@evil.test/&#10;x'")
                    .getBytes(StandardCharsets.UTF_8));
            String r = readToEnd(s);
            assertTrue(r.contains("<invalid-from xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"), r);
        }
        org.osgi.service.event.Event e = posted.poll(10, TimeUnit.SECONDS);
        assertTrue(e != null, "no event posted");
        assertEquals(dev.portcullis.api.event.PortcullisEvents.REFUSED, e.getTopic());
        assertEquals("RFC 6120 §4.9.3.9", e.getProperty(dev.portcullis.api.event.PortcullisEvents.PROP_SPEC));
        assertEquals("mallory@evil.test/\\nx", e.getProperty(dev.portcullis.api.event.PortcullisEvents.PROP_DOMAIN));
        assertTrue(String.valueOf(e.getProperty(dev.portcullis.api.event.PortcullisEvents.PROP_REASON))
                .contains("from 127.0.0.1"), "the reason still names the address");
    }

    @Test
    void missingTlsPolicyRefusesStarttlsWithRetryableResetRfc6120Section4_9_3_16() throws Exception {
        start(Map.of()); // no TlsPolicy bound, as while the tls-policy bundle is being updated
        try (Socket s = new Socket("127.0.0.1", port())) {
            s.getOutputStream().write((HEADER + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
                    .getBytes(StandardCharsets.UTF_8));
            String r = readToEnd(s);
            assertTrue(r.contains("<reset xmlns='urn:ietf:params:xml:ns:xmpp-streams'"), r);
            // issue 11 item 21: the peer may retry, but learns nothing of our bundles
            assertTrue(r.contains("retry shortly"), r);
            assertFalse(r.contains("dev.portcullis"), "the peer's text names none of our bundles: " + r);
        }
        org.osgi.service.event.Event e = posted.poll(10, TimeUnit.SECONDS);
        assertTrue(e != null, "no event posted");
        assertEquals("RFC 6120 §4.9.3.16", e.getProperty(dev.portcullis.api.event.PortcullisEvents.PROP_SPEC));
        assertTrue(String.valueOf(e.getProperty(dev.portcullis.api.event.PortcullisEvents.PROP_REASON))
                .contains("dev.portcullis.tls"), "the administrator learns which bundle is missing");
    }

    @Test
    void negotiationTimeoutIsMeasuredOnTheInjectedClock() throws Exception {
        MutableClock clock = new MutableClock(java.time.Instant.ofEpochMilli(1_700_000_000_000L));
        start(Map.of("negotiation.timeout", "30"), clock);
        try (Socket s = new Socket("127.0.0.1", port())) {
            s.setSoTimeout(700);
            InputStream in = s.getInputStream();
            assertThrows(java.net.SocketTimeoutException.class, in::read, "closed before the clock moved");
            clock.advance(java.time.Duration.ofSeconds(31));
            s.setSoTimeout(5_000);
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(text.contains("<stream:error><connection-timeout xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>")
                    && text.endsWith("</stream:stream>"), text);
        }
    }

    @Test
    void reconfiguredListenAddressIsReboundAndTheOldPortReleased() throws Exception {
        start(Map.of());
        int before = port();
        int next = closedPort();
        server.reconfigure(ServerSettings.parse(Map.of("listen", "127.0.0.1:" + next)));
        assertEquals(next, port());
        try (Socket s = new Socket("127.0.0.1", next)) {
            assertTrue(s.isConnected());
        }
        // the old port is free again: we can bind it ourselves
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", before));
        }
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
