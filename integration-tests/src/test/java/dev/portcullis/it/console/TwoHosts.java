package dev.portcullis.it.console;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.host.PortcullisHome;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Two Portcullis hosts from the real distribution federating with each other on loopback: {@code a.test}
 * (with its Web Console on an ephemeral port) and {@code b.test}, each reaching the other through a static
 * route, each trusting the same test CA (PKIX only, no DNS leaves the machine).
 */
final class TwoHosts implements AutoCloseable {
    static final String A = "a.test";
    static final String B = "b.test";
    static final String LOOPBACK = "127.0.0.1";

    final TestCa ca = TestCa.create("ConsoleIT CA");
    final Path dir;
    final Path caFile;
    final int portA = ProsodyServer.freePort(LOOPBACK);
    final int portB = ProsodyServer.freePort(LOOPBACK);
    final int consolePort = ProsodyServer.freePort(LOOPBACK);
    final int bareConsolePort = ProsodyServer.freePort(LOOPBACK);
    final PortcullisHome a;
    final PortcullisHome b;
    IssuedCertificate certA;
    IssuedCertificate certB;

    TwoHosts() throws IOException {
        dir = Files.createTempDirectory("console-lab-");
        caFile = ca.writeCertificate(dir.resolve("ca.pem"));
        a = configure(PortcullisHome.create("console-a"), A, portA, B, portB);
        a.config("org.apache.felix.http", Map.of("org.apache.felix.http.host", LOOPBACK,
                "org.osgi.service.http.port", String.valueOf(consolePort)));
        certA = ca.issue(A).dnsName(A).xmppAddr(A).build();
        a.domain(A, certA);
        b = configure(PortcullisHome.create("console-b"), B, portB, A, portA);
        // b.test runs the Web Console without the Portcullis console bundle: nobody may log in there
        b.config("org.apache.felix.http", Map.of("org.apache.felix.http.host", LOOPBACK,
                "org.osgi.service.http.port", String.valueOf(bareConsolePort)));
        try (var jars = Files.list(b.plugins())) {
            for (Path jar : jars.filter(j -> j.getFileName().toString().startsWith("portcullis-console-")).toList()) {
                b.removePlugin(jar.getFileName().toString());
            }
        }
        certB = ca.issue(B).dnsName(B).xmppAddr(B).srvName("_xmpp-server." + B).build();
        b.domain(B, certB);
    }

    private PortcullisHome configure(PortcullisHome h, String domain, int port, String peer, int peerPort) {
        h.config("dev.portcullis.server", Map.of("listen", LOOPBACK + ":" + port,
                "routes", peer + "=" + LOOPBACK + ":" + peerPort));
        h.config("dev.portcullis.dna", Map.of("prooftypes", "pkix", "pkix.system-trust", "false",
                "pkix.trust-files", caFile.toString(), "dns.servers", LOOPBACK + ":" + ProsodyServer.freePort(LOOPBACK)));
        return h;
    }

    void start() {
        start(a, A, portA);
        start(b, B, portB);
    }

    static void start(PortcullisHome h, String domain, int port) {
        long mark = h.logPosition();
        h.start();
        h.awaitLogSince(mark, "Serving local domain " + Pattern.quote(domain), Duration.ofSeconds(30));
        h.awaitLogSince(mark, "listening on xmpp://" + Pattern.quote(LOOPBACK) + ":" + port, Duration.ofSeconds(30));
    }

    /** Restarts b.test with a certificate over a new key (RFC 7590 §3.6: a change an admin must be warned of). */
    void restartPeerWithNewKey(IssuedCertificate next) {
        b.stop();
        certB = next;
        b.domain(B, next);
        start(b, B, portB);
    }

    /**
     * XEP-0199 ping from a.test to b.test through the real s2s streams; fails the test unless it exits 0 with
     * exactly {@code pong from b.test in N ms}.
     */
    java.time.Duration ping() {
        return a.ping(A, B);
    }

    @Override
    public void close() {
        b.close();
        a.close();
    }
}
