package dev.portcullis.it.dna;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.dns.BindServer;
import dev.portcullis.testkit.host.PortcullisHome;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A DNA lab on loopback: our host (the real distribution) serving {@code a.test} with the dna-verifier's DNS
 * pointed at a real BIND (whose signed {@code test.} key is its DNSSEC trust anchor), and a real Prosody as the
 * peer. Prosody finds {@code a.test} through the same BIND.
 */
final class DnaLab implements AutoCloseable {
    static final String OURS = "a.test";

    final TestCa ca;
    final Path dir;
    final Path caFile;
    final String ourAddress = "127.0.0.1";
    final int ourPort;
    final IssuedCertificate ourCert;
    final String prosodyAddress = loopbackAddress(0);
    final int prosodyPort;
    BindServer dns;
    ProsodyServer prosody;
    PortcullisHome host;
    /** The dev.portcullis.dna settings the host was started with. */
    Map<String, String> dnaConfig;

    DnaLab(String label) throws IOException {
        this.ca = TestCa.create(label + " CA");
        this.dir = Files.createTempDirectory(label + "-lab-");
        this.caFile = ca.writeCertificate(dir.resolve("ca.pem"));
        this.ourPort = ProsodyServer.freePort(ourAddress);
        this.prosodyPort = ProsodyServer.freePort(prosodyAddress);
        this.ourCert = ca.issue(OURS).dnsName(OURS).xmppAddr(OURS).build();
    }

    /**
     * A random address in 127.0.0.0/8 other than 127.0.0.1 on which {@code port} (0: any) can be bound, so each
     * lab's peers have addresses of their own, e.g. for POSH's fixed port 443.
     */
    static String loopbackAddress(int port) {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 100; i++) {
            String a = "127." + r.nextInt(1, 255) + "." + r.nextInt(0, 256) + "." + r.nextInt(2, 255);
            try (java.net.ServerSocket s = new java.net.ServerSocket()) {
                s.bind(new java.net.InetSocketAddress(a, port));
                return a;
            } catch (IOException taken) {
                // try another address
            }
        }
        throw new IllegalStateException("no address in 127.0.0.0/8 where port " + port + " can be bound"
                + (port > 0 && port < 1024 ? " (ports below 1024 need root)" : ""));
    }

    /** BIND with a.test's records (in the signed parent) plus the caller's zones. */
    BindServer.Builder dns() {
        return BindServer.builder(dir.resolve("dns"), "test")
                .parentRecord("a 300 IN A " + ourAddress)
                .parentRecord("_xmpp-server._tcp.a 300 IN SRV 10 0 " + ourPort + " a.test.");
    }

    /** Prosody on its own loopback address, resolving through BIND, trusting the lab CA. */
    ProsodyServer.Builder prosody() {
        return prosody("prosody");
    }

    /** The same, in its own directory (to restart Prosody with other certificates on the same address and port). */
    ProsodyServer.Builder prosody(String subdir) {
        return ProsodyServer.builder(dir.resolve(subdir)).listen(prosodyAddress, prosodyPort).caFile(caFile)
                .dnsServer(dns.port()).secureAuth(true);
    }

    /** Our host for a.test with the given dev.portcullis.dna settings (DNS always through the lab's BIND). */
    PortcullisHome startHost(String label, Map<String, String> serverExtras, Map<String, String> dna) {
        return startHost(label, serverExtras, dna, Map.of());
    }

    /** The same, with dev.portcullis.tls settings written before the host starts. */
    PortcullisHome startHost(String label, Map<String, String> serverExtras, Map<String, String> dna,
                             Map<String, String> tls) {
        host = PortcullisHome.create(label);
        if (!tls.isEmpty()) {
            host.config("dev.portcullis.tls", tls);
        }
        Map<String, String> server = new HashMap<>();
        server.put("listen", ourAddress + ":" + ourPort);
        server.putAll(serverExtras);
        host.config("dev.portcullis.server", server);
        Map<String, String> d = new HashMap<>();
        d.put("dns.servers", "127.0.0.1:" + dns.port());
        d.put("dns.trust-anchors", dns.trustAnchorFile().toString());
        d.put("pkix.system-trust", "false");
        d.putAll(dna);
        dnaConfig = d;
        host.config("dev.portcullis.dna", d);
        host.domain(OURS, ourCert);
        host.start();
        host.awaitLog("listening on xmpp://" + Pattern.quote(ourAddress) + ":" + ourPort, Duration.ofSeconds(30));
        return host;
    }

    /** The JSON object of the last stream with this direction and peer in {@code portcullis:streams --json}. */
    String stream(String direction, String peer) {
        String json = host.admin("portcullis:streams --json");
        String found = null;
        for (String object : json.split("(?=\\{\\s*\"id\")")) {
            if (object.contains("\"direction\" : \"" + direction + "\"")
                    && object.contains("\"peerDomain\" : \"" + peer + "\"")) {
                found = object;
            }
        }
        return found;
    }

    /**
     * Prosody's ping of {@code to} (XEP-0199), retried while Prosody's admin socket is not up yet: ProsodyServer
     * returns once s2s listens, which can be a moment before mod_admin_shell does.
     */
    ProsodyServer.PingResult ping(String from, String to) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        ProsodyServer.PingResult r = prosody.ping(from, to);
        while (!r.success() && r.output().contains("Unable to connect to server") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            r = prosody.ping(from, to);
        }
        return r;
    }

    String diagnostics() {
        return "\n--- our log:\n" + (host == null ? "" : host.log()) + "\n--- Prosody log:\n"
                + (prosody == null ? "" : prosody.logTail(60));
    }

    @Override
    public void close() {
        // each part is stopped even if another fails to, so no named or Prosody outlives the test
        try {
            if (prosody != null) {
                prosody.stop();
            }
        } finally {
            try {
                if (host != null) {
                    host.close();
                }
            } finally {
                if (dns != null) {
                    dns.close();
                }
            }
        }
    }
}
