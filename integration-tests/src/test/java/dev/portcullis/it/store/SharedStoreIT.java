package dev.portcullis.it.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.dns.BindServer;
import dev.portcullis.testkit.host.AdminResult;
import dev.portcullis.testkit.host.PortcullisHome;
import dev.portcullis.testkit.postgres.PostgresServer;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three reference hosts serving one domain, a.test, sharing one PostgreSQL (started for this class), federating
 * with a real Prosody 0.12 serving b.test (docs/STORE.md). Prosody finds a.test by SRV in a signed BIND zone whose
 * targets are nodes 2 (priority 0) and 3: so when node 1 (or 3) authenticates to Prosody by dialback, Prosody's
 * {@code db:verify} reaches node 2, a different node than the one that sent the key (XEP-0185 §2: the secret is
 * known by the authoritative server's network). Prosody does not trust our certificate (dialback), we trust its
 * own (PKIX), so the certificate memory learns Prosody's proven certificate (RFC 7590 §3.6).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedStoreIT {
    static final String OURS = "a.test";
    static final String PEER = "b.test";
    static final String SECRET = "the secret every node of a.test shares";
    static final AtomicInteger PROSODY_RUNS = new AtomicInteger();

    static Path dir;
    static PostgresServer pg;
    static BindServer dns;
    static TestCa ourCa;
    static TestCa theirCa;
    static Path theirCaFile;
    static Path strangerCaFile;
    static IssuedCertificate ourCert;
    static ProsodyServer prosody;
    static final List<Node> nodes = new ArrayList<>();

    record Node(int number, String address, int port, PortcullisHome home) {
    }

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createDirectories(Path.of("target", "shared-store-it")).toAbsolutePath();
        pg = PostgresServer.start(dir.resolve("pg"));
        ourCa = TestCa.create("SharedStoreIT our CA");
        theirCa = TestCa.create("SharedStoreIT their CA");
        theirCaFile = theirCa.writeCertificate(dir.resolve("their-ca.pem"));
        strangerCaFile = TestCa.create("SharedStoreIT stranger CA").writeCertificate(dir.resolve("stranger-ca.pem"));
        ourCert = ourCa.issue(OURS).dnsName(OURS).xmppAddr(OURS).build();
        List<String> addresses = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String a = ProsodyServer.freeLoopbackAddress();
            addresses.add(a);
            ports.add(ProsodyServer.freePort(a));
        }
        dns = BindServer.builder(dir.resolve("dns"), "test")
                .parentRecord("_xmpp-server._tcp.a 300 IN SRV 0 5 " + ports.get(1) + " n2.a.test.")
                .parentRecord("_xmpp-server._tcp.a 300 IN SRV 10 5 " + ports.get(2) + " n3.a.test.")
                .parentRecord("n2.a 300 IN A " + addresses.get(1))
                .parentRecord("n3.a 300 IN A " + addresses.get(2))
                .start();
        prosodyWith(theirCa.issue(PEER).dnsName(PEER).xmppAddr(PEER).build());
        // one after the other: three JVMs starting at once on a shared 2-core machine can miss the start timeout
        for (int i = 1; i <= 3; i++) {
            nodes.add(startNode(i, addresses.get(i - 1), ports.get(i - 1), null));
        }
        for (Node n : nodes) {
            awaitStore(n, "reachable", Duration.ofSeconds(30));
        }
    }

    @AfterAll
    static void stop() {
        for (Node n : nodes) {
            n.home().close();
        }
        if (prosody != null) {
            prosody.stop();
        }
        if (dns != null) {
            dns.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    static Node startNode(int number, String address, int port, PortcullisHome existing) throws Exception {
        PortcullisHome home = existing != null ? existing : PortcullisHome.create("store-n" + number);
        if (existing == null) {
            Map<String, String> server = new HashMap<>();
            server.put("listen", address + ":" + port);
            server.put("routes", PEER + "=" + prosody.address() + ":" + prosody.s2sPort());
            home.config("dev.portcullis.server", server);
            home.config("dev.portcullis.dna", Map.of("prooftypes", "pkix", "pkix.system-trust", "false",
                    "pkix.trust-files", theirCaFile.toString(), "dns.servers", "127.0.0.1:9"));
            home.config("dev.portcullis.dialback", Map.of("secret", SECRET));
            home.config("dev.portcullis.store", Map.of("url", pg.jdbcUrl(), "user", PostgresServer.USER,
                    "password-file", pg.passwordFile().toString(), "node", "node" + number,
                    "connect.timeout", "PT2S", "statement.timeout", "PT3S"));
            home.domain(OURS, ourCert);
            home.debugLog("dev.portcullis.dialback"); // node 2's authoritative role reports each db:verify at DEBUG
        }
        home.start();
        awaitListening(address, port);
        return new Node(number, address, port, home);
    }

    static void prosodyWith(IssuedCertificate cert) throws Exception {
        if (prosody != null) {
            prosody.stop();
        }
        String name = "prosody-" + PROSODY_RUNS.incrementAndGet();
        IssuedCertificate.Pem pem = cert.writePem(dir.resolve(name + "-certs"), PEER);
        ProsodyServer.Builder b = ProsodyServer.builder(dir.resolve(name)).host(PEER, pem).caFile(strangerCaFile)
                .dnsServer(dns.port()).secureAuth(false);
        if (prosody != null) {
            b.listen(prosody.address(), prosody.s2sPort()); // the nodes' static route stays valid
        }
        prosody = b.start();
    }

    static Node node(int n) {
        return nodes.get(n - 1);
    }

    /**
     * Node n opens a stream to b.test (a ping starts it) and waits until it is authenticated by dialback, whose
     * db:verify Prosody sends to node 2 (the SRV target). The pong itself comes back on Prosody's stream to a.test,
     * which reaches node 2, not necessarily the node that pinged: a farm without stanza routing between its nodes.
     * Returns the stream's JSON from portcullis:streams.
     */
    static String openStream(int n) throws InterruptedException {
        PortcullisHome home = node(n).home();
        java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                home.adminResult("portcullis:ping " + OURS + " " + PEER);
            } catch (RuntimeException ignored) {
                // the ping only opens the stream; its pong may land on another node
            }
        });
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            String stream = outbound(n);
            if (stream != null && stream.contains("\"authMethod\" : \"DIALBACK\"")) {
                return stream;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("node " + n + "'s stream to " + PEER + " was not authenticated by dialback within 60 s"
                + diagnostics());
    }

    /** Node n's outbound stream to b.test in portcullis:streams --json, or null. */
    static String outbound(int n) {
        String json = node(n).home().admin("portcullis:streams --json");
        Matcher m = Pattern.compile("\\{[^{}]*?(?:\\{[^{}]*\\}[^{}]*?)*\\}").matcher(json);
        while (m.find()) {
            String o = m.group();
            if (o.contains("\"direction\" : \"OUTBOUND\"") && o.contains("\"peerDomain\" : \"" + PEER + "\"")) {
                return o;
            }
        }
        return null;
    }

    static String changeKind(String stream) {
        Matcher k = Pattern.compile("\"kind\" : \"(\\w+)\"").matcher(stream);
        assertTrue(k.find(), stream);
        return k.group(1);
    }

    static void awaitStore(Node n, String state, Duration timeout) throws InterruptedException {
        awaitStoreText(n, "state:    " + state, timeout);
    }

    static void awaitStoreText(Node n, String text, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < end) {
            last = n.home().admin("portcullis:store");
            if (last.contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("node " + n.number() + "'s portcullis:store does not say " + text + " within " + timeout + ":\n" + last
                + diagnostics());
    }

    static void awaitListening(String address, int port) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 500);
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("no listener on " + address + ":" + port);
    }

    static String diagnostics() {
        StringBuilder b = new StringBuilder();
        for (Node n : nodes) {
            String log = n.home().log();
            b.append("\n--- node ").append(n.number()).append(" log:\n")
                    .append(log.substring(Math.max(0, log.length() - 6000)));
        }
        return b.append("\n--- Prosody:\n").append(prosody == null ? "" : prosody.logTail(60)).toString();
    }

    @Test
    @Order(1)
    @DisplayName("XEP-0185 §2: a key node 1 sent is verified by node 2 (db:verify reaches another node), same secret")
    void dialbackVerifiedAtAnotherNode() throws Exception {
        assertEquals("FIRST_SEEN", changeKind(openStream(1)));
        awaitStoreText(node(1), "members:  3 [node1, node2, node3]", Duration.ofSeconds(30));
    }

    @Test
    @Order(2)
    @DisplayName("RFC 7590 §3.6: a new key first met by node 2 is CHANGED there (node 1 remembered the old), UNCHANGED on node 3")
    void certificateChangeSeenOnceAcrossNodes() throws Exception {
        prosodyWith(theirCa.issue(PEER).dnsName(PEER).xmppAddr(PEER).build());
        assertEquals("CHANGED", changeKind(openStream(2)), "node 2 knows the certificate node 1 remembered");
        assertEquals("UNCHANGED", changeKind(openStream(3)), "node 3 knows the change node 2 saw: no second alarm");
    }

    @Test
    @Order(3)
    @DisplayName("SIGKILL: nodes 2 and 3 keep federating; node 1 restarted knows what the others learned meanwhile")
    void nodeKilledAndRestarted() throws Exception {
        node(1).home().kill();
        prosodyWith(theirCa.issue(PEER).dnsName(PEER).xmppAddr(PEER).build()); // a new key while node 1 is down
        assertEquals("CHANGED", changeKind(openStream(3)));
        ProsodyServer.PingResult inbound = prosody.ping(PEER, OURS);
        assertTrue(inbound.success(), () -> "Prosody could not reach a.test at node 2: " + inbound.output() + diagnostics());
        Node one = node(1);
        nodes.set(0, startNode(1, one.address(), one.port(), one.home()));
        awaitStore(node(1), "reachable", Duration.ofSeconds(30));
        assertEquals("UNCHANGED", changeKind(openStream(1)), "node 1 learned the new key from the store, not from its old file");
    }

    @Test
    @Order(4)
    @DisplayName("store stopped: streams and PKIX keep working, portcullis:store says UNREACHABLE; restarted: nodes recover by themselves")
    void storeStoppedAndRestarted() throws Exception {
        pg.stop();
        awaitStore(node(2), "UNREACHABLE", Duration.ofSeconds(30));
        ProsodyServer.PingResult inbound = prosody.ping(PEER, OURS);
        assertTrue(inbound.success(), () -> "with the store down, Prosody (proven certificate) still reaches node 2: "
                + inbound.output() + diagnostics());
        assertTrue(node(2).home().log().contains("is unreachable"), diagnostics());
        pg.startServer();
        for (Node n : nodes) {
            awaitStore(n, "reachable", Duration.ofSeconds(60));
        }
        prosodyWith(theirCa.issue(PEER).dnsName(PEER).xmppAddr(PEER).build());
        assertEquals("CHANGED", changeKind(openStream(3)));
        assertEquals("UNCHANGED", changeKind(openStream(1)), "after the store came back, node 3's change reached node 1 at once");
    }

    @Test
    @Order(5)
    @DisplayName("XEP-0185 §2: a node with another secret is named in an ERROR, and its keys verify invalid at node 2")
    void differingSecretIsDetected() throws Exception {
        long mark = node(3).home().logPosition();
        node(3).home().config("dev.portcullis.dialback", Map.of("secret", "a different secret on node three"));
        String error = node(3).home().awaitLogSince(mark, "This node \\(node3\\) makes dialback keys from a different "
                + "secret than node\\(s\\) \\[node1, node2\\].*", Duration.ofSeconds(30));
        assertTrue(error.contains("dev.portcullis.dialback.cfg"), error);
        node(2).home().awaitLog("Node\\(s\\) \\[node3\\] make dialback keys from a different secret", Duration.ofSeconds(30));
        prosodyWith(theirCa.issue(PEER).dnsName(PEER).xmppAddr(PEER).build()); // fresh streams
        long mark2 = node(2).home().logPosition();
        node(3).home().adminResult("portcullis:ping " + OURS + " " + PEER);
        node(2).home().awaitLogSince(mark2, "Invalid dialback key \\(peer " + PEER + ".*", Duration.ofSeconds(30));
        String stream = outbound(3);
        assertTrue(stream == null || !stream.contains("\"authMethod\" : \"DIALBACK\""), stream);
        openStream(1);
    }

    @Test
    @Order(6)
    @DisplayName("portcullis:store migrate writes a node's local certificate memory into the store in one command")
    void migrateWritesLocalStateIntoTheStore() throws Exception {
        pg.psql(PostgresServer.DATABASE, "DELETE FROM portcullis_entry WHERE namespace = 'certificate-memory'");
        String out = node(1).home().admin("portcullis:store migrate");
        assertTrue(out.contains("certificate memory: 1 entry written to PostgreSQL portcullis@127.0.0.1:" + pg.port()),
                out);
        assertEquals("b.test", pg.psql(PostgresServer.DATABASE,
                "SELECT key FROM portcullis_entry WHERE namespace = 'certificate-memory'"));
        assertEquals("0", pg.psql(PostgresServer.DATABASE, "SELECT count(*) FROM portcullis_entry "
                + "WHERE namespace = 'certificate-memory' AND value NOT LIKE '%\"changeProven\"%'"));
    }

    @Test
    @Order(7)
    @DisplayName("XEP-0185 §2: a dialback key presented at node 2 is refused as a replay at node 3 without asking Prosody")
    void keyReplayedOnAnotherNodeIsInvalidWithoutARoundTrip() throws Exception {
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String key = java.util.HexFormat.of().formatHex(random);
        try (var first = dev.portcullis.it.dialback.Impostor.connect(node(2).address(), node(2).port(), PEER, OURS)) {
            first.sendResult(key).readUntil("type='invalid'", Duration.ofSeconds(30));
        }
        long asked = prosody.log().lines().filter(l -> l.contains("An imposter is claiming to be")).count();
        long mark = node(3).home().logPosition();
        try (var second = dev.portcullis.it.dialback.Impostor.connect(node(3).address(), node(3).port(), PEER, OURS)) {
            second.sendResult(key).readUntil("type='invalid'", Duration.ofSeconds(30));
            String line = node(3).home().awaitLogSince(mark, "already presented for .*\\(node node2\\)",
                    Duration.ofSeconds(10));
            assertTrue(line.contains(second.streamId), line);
        }
        assertEquals(asked, prosody.log().lines().filter(l -> l.contains("An imposter is claiming to be")).count(),
                "Prosody was not asked about the replayed key");
    }
}
