package dev.portcullis.it.server;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A federation lab on loopback: our host (the real distribution) serving {@code a.test}, and a real
 * Prosody serving {@code b.test}, with certificates from one test CA trusted both ways. Prosody finds
 * {@code a.test} through a real BIND on loopback ({@code _xmpp-server._tcp.a.test} SRV to our ephemeral
 * port, and {@code _xmpps-server._tcp} when we listen for direct TLS); we reach {@code b.test} through a
 * static route (possibly via a man-in-the-middle proxy). Nothing uses the fixed port 5269, so parallel
 * runs and a system Prosody do not collide.
 */
final class FederationLab implements AutoCloseable {
    static final String OURS = "a.test";
    static final String THEIRS = "b.test";

    final TestCa ca;
    final Path dir;
    final String ourAddress = "127.0.0.1";
    final int ourPort;
    int ourDirectTlsPort;
    /** When set, b.test is published in DNS too (SRV to Prosody's port), for the PeerLocator path. */
    int theirPublishedPort;
    BindServer dns;
    final IssuedCertificate ourCert;
    IssuedCertificate theirCert;
    final Path caFile;
    PortcullisHome host;
    ProsodyServer prosody;

    FederationLab(String label) throws IOException {
        this.ca = TestCa.create(label + " CA");
        this.dir = Files.createTempDirectory(label + "-lab-");
        this.caFile = ca.writeCertificate(dir.resolve("ca.pem"));
        this.ourPort = ProsodyServer.freePort(ourAddress);
        this.ourCert = ca.issue(OURS).dnsName(OURS).xmppAddr(OURS).build();
        this.theirCert = ca.issue(THEIRS).dnsName(THEIRS).xmppAddr(THEIRS).build();
    }

    /** Gives Prosody a certificate from another CA, one our verifier does not trust (dialback tests). */
    FederationLab withUntrustedPeerCertificate() {
        theirCert = TestCa.create("Untrusted CA").issue(THEIRS).dnsName(THEIRS).xmppAddr(THEIRS).build();
        return this;
    }

    /** Also publish a direct-TLS endpoint for a.test (XEP-0368 {@code _xmpps-server._tcp} SRV). */
    FederationLab withDirectTls() {
        ourDirectTlsPort = ProsodyServer.freePort(ourAddress);
        return this;
    }

    /** Starts BIND with a.test's records, then Prosody for b.test resolving through it. */
    ProsodyServer startProsody() throws IOException, InterruptedException {
        return startProsody(ProsodyServer.builder(dir.resolve("prosody")));
    }

    ProsodyServer startProsody(ProsodyServer.Builder builder) throws IOException, InterruptedException {
        BindServer.Builder b = BindServer.builder(dir.resolve("dns"), "test")
                .parentRecord("a 300 IN A " + ourAddress)
                .parentRecord("_xmpp-server._tcp.a 300 IN SRV 10 0 " + ourPort + " a.test.");
        if (ourDirectTlsPort > 0) {
            b.parentRecord("_xmpps-server._tcp.a 300 IN SRV 5 0 " + ourDirectTlsPort + " a.test.");
        }
        if (theirPublishedPort > 0) {
            b.parentRecord("b 300 IN A 127.0.0.1");
            b.parentRecord("_xmpp-server._tcp.b 300 IN SRV 10 0 " + theirPublishedPort + " b.test.");
            builder.listen("127.0.0.1", theirPublishedPort);
        }
        dns = b.start();
        IssuedCertificate.Pem pem = theirCert.writePem(dir.resolve("prosody-certs"), THEIRS);
        prosody = builder
                .host(THEIRS, pem)
                .caFile(caFile)
                .dnsServer(dns.port())
                .secureAuth(true)
                .start();
        return prosody;
    }

    /**
     * Starts our host serving a.test on ourAddress:5269 with a static route for b.test to {@code route}
     * (Prosody, or a proxy in front of it).
     */
    PortcullisHome startHost(String label, String route, Map<String, String> serverExtras) {
        return startHost(label, route, serverExtras, Map.of());
    }

    /** As above, with {@code dev.portcullis.tls} settings from the start (empty: the distribution's file). */
    PortcullisHome startHost(String label, String route, Map<String, String> serverExtras, Map<String, String> tls) {
        // keep the label short: the home's admin socket path must stay under ~100 characters
        // the dialback bundle reports each step at DEBUG (README, "What a peer can put in the log")
        host = PortcullisHome.create(label).debugLog("dev.portcullis.dialback");
        Map<String, String> server = new HashMap<>();
        server.put("listen", ourAddress + ":" + ourPort);
        if (ourDirectTlsPort > 0) {
            server.put("directtls.listen", ourAddress + ":" + ourDirectTlsPort);
        }
        if (route != null) {
            server.put("routes", THEIRS + "=" + route);
        }
        server.putAll(serverExtras);
        host.config("dev.portcullis.server", server);
        // PKIX only against the test CA: no DANE/POSH lookups, nothing leaves the machine
        Map<String, String> dna = new HashMap<>(Map.of("prooftypes", "pkix", "pkix.system-trust", "false",
                "pkix.trust-files", caFile.toString(),
                "dns.servers", "127.0.0.1:" + (dns == null ? ProsodyServer.freePort(ourAddress) : dns.port())));
        if (dns != null) {
            dna.put("dns.trust-anchors", dns.trustAnchorFile().toString()); // the lab's signed test. zone
        }
        host.config("dev.portcullis.dna", dna);
        if (!tls.isEmpty()) {
            host.config("dev.portcullis.tls", tls);
        }
        host.domain(OURS, ourCert);
        host.start();
        host.awaitLog("Serving local domain " + Pattern.quote(OURS), Duration.ofSeconds(30));
        host.awaitLog("listening on xmpp://" + Pattern.quote(ourAddress) + ":" + ourPort, Duration.ofSeconds(30));
        return host;
    }

    String prosodyRoute() {
        return prosody.address() + ":" + prosody.s2sPort();
    }

    /** The stream ID of the first stream in {@code portcullis:streams} with this direction and peer. */
    String streamId(String direction, String peer) {
        String table = host.admin("portcullis:streams");
        Matcher m = Pattern.compile("(?m)^(\\S+)\\s+" + direction + "\\s+\\S+\\s+" + Pattern.quote(peer) + "\\s").matcher(table);
        return m.find() ? m.group(1) : null;
    }

    @Override
    public void close() {
        if (prosody != null) {
            prosody.stop();
        }
        if (host != null) {
            host.close();
        }
        if (dns != null) {
            dns.close();
        }
    }
}
