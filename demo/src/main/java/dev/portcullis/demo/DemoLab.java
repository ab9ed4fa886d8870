package dev.portcullis.demo;

import dev.portcullis.dna.core.fingerprint.Fingerprints;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.posh.PoshServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TLSARecord;

/**
 * Everything the scenes play on, all on loopback and generated at start: the demo CA, two Portcullis hosts (A
 * serves {@code a.test}; B serves the peers), a DNSSEC-signed {@code test.} zone on an in-process DNS server
 * with its trust anchor, the POSH HTTPS server, a STARTTLS-stripping proxy and an outdated TLS 1.1 peer.
 */
final class DemoLab implements AutoCloseable {
    static final String A = "a.test";
    static final String B = "b.test";
    static final String DANE = "dane.test";
    static final String POSH = "posh.test";
    static final String HOSTING = "hosting.test";
    static final String LEGACY = "legacy.test";
    static final String MITM = "c.test";
    static final String OLD = "old.test";
    static final Name ZONE = Name.fromConstantString("test.");

    final Path dir;
    final DemoLog log;
    final Path dist;
    final TestCa ca;
    final Path caFile;
    final Map<String, IssuedCertificate> credentials = new LinkedHashMap<>();
    final int portA;
    final int portB;
    SignedZone zone;
    ZoneServer dns;
    Path trustAnchors;
    PoshServer posh;
    StarttlsStripper stripper;
    Tls11Peer oldPeer;
    DemoHost hostA;
    DemoHost hostB;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    DemoLab(Path dir, Path dist, DemoLog log) throws IOException {
        this.dir = dir;
        this.dist = dist;
        this.log = log;
        this.ca = TestCa.create("Portcullis Demo CA");
        this.caFile = ca.writeCertificate(dir.resolve("demo-ca.pem"));
        this.portA = freePort();
        this.portB = freePort();
        credentials.put(A, issue(A));
        credentials.put(B, issue(B));
        // no CA vouches for dane.test: only its TLSA record can
        credentials.put(DANE, ca.issue(DANE).xmppDomain(DANE).selfSigned().build());
        // posh.test is hosted by hosting.test, whose certificate names only the provider (RFC 7711 §1)
        credentials.put(POSH, issue(HOSTING));
        // nobody can prove legacy.test: self-signed, no TLSA, no POSH
        credentials.put(LEGACY, ca.issue(LEGACY).xmppDomain(LEGACY).selfSigned().build());
        credentials.put(MITM, issue(MITM));
        credentials.put(OLD, issue(OLD));
    }

    /** Signs the zone, starts DNS, POSH, the proxy and the outdated peer. */
    void startServices() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        stripper = StarttlsStripper.start(new InetSocketAddress(loopback, portB), log);
        oldPeer = Tls11Peer.start(OLD, credentials.get(OLD), log);
        List<org.xbill.DNS.Record> records = new ArrayList<>();
        // RFC 6120 §3.2.1: every domain is found through its _xmpp-server._tcp SRV record in the signed zone;
        // c.test's record leads through the man in the middle, old.test's to the outdated peer
        srv(records, A, portA, loopback);
        for (String d : domainsOfB()) {
            srv(records, d, d.equals(MITM) ? stripper.port() : portB, loopback);
        }
        srv(records, OLD, oldPeer.port(), loopback);
        // POSH fetches https://posh.test and https://hosting.test (RFC 7711 §3)
        records.add(new ARecord(name(POSH), DClass.IN, SignedZone.TTL, loopback));
        records.add(new ARecord(name(HOSTING), DClass.IN, SignedZone.TTL, loopback));
        // RFC 7673 §3 / RFC 7671 §5.1: DANE-EE(3) SPKI(1) SHA2-256(1) at _port._tcp.<SRV target>
        records.add(new TLSARecord(name("_" + portB + "._tcp." + target(DANE)), DClass.IN, SignedZone.TTL, 3, 1, 1,
                spkiSha256(credentials.get(DANE).certificate())));
        zone = SignedZone.sign(ZONE, records, Instant.now(), Duration.ofDays(1));
        trustAnchors = Files.writeString(dir.resolve("trust-anchors.txt"), zone.trustAnchorFile());
        dns = ZoneServer.start(zone, log);
        log.line("dns: zone " + ZONE + " signed with key tag " + zone.dnskey().getFootprint() + ", served on " + dns.hostPort());

        posh = startPosh(ca, credentials.get(POSH), log);
        log.line("posh: HTTPS on 127.0.0.1:" + posh.port());

    }

    /** A certificate from the demo CA naming each of {@code domains} as DNS-ID and XmppAddr (RFC 6120 §13.7.1.2). */
    IssuedCertificate issue(String... domains) {
        TestCa.Issue issue = ca.issue(domains[0]);
        for (String d : domains) {
            issue.xmppDomain(d);
        }
        return issue.build();
    }

    /**
     * The POSH server of posh.test and hosting.test (RFC 7711 §3) on 127.0.0.1: posh.test delegates to its
     * provider's document (RFC 7711 §3.2), which lists the fingerprint of {@code hosted}, the provider's
     * certificate for posh.test's service (RFC 7711 §3.1).
     */
    static PoshServer startPosh(TestCa ca, IssuedCertificate hosted, DemoLog log)
            throws IOException, GeneralSecurityException {
        IssuedCertificate web = ca.issue(POSH).xmppDomain(POSH).xmppDomain(HOSTING).build();
        PoshServer posh = PoshServer.start(web, new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))
                .onRequest(line -> log.line("posh: " + line));
        long week = Duration.ofDays(7).toSeconds();
        String reference = posh.url(HOSTING, PoshServer.XMPP_SERVER_PATH);
        posh.put(POSH, PoshServer.XMPP_SERVER_PATH, PoshServer.Answer.json(PoshServer.referenceDocument(reference, week)));
        posh.put(HOSTING, PoshServer.XMPP_SERVER_PATH, PoshServer.Answer.json(
                PoshServer.fingerprintsDocument(hosted.certificate(), "sha-256", week)));
        return posh;
    }

    /** How many times {@code domain}'s POSH document was fetched: shows that a delegation was really followed. */
    int poshServed(String domain) {
        return posh.hits(domain, PoshServer.XMPP_SERVER_PATH);
    }

    /** The hosts' common DNA configuration: the demo CA, the demo DNS server and its trust anchor. */
    Map<String, String> dnaConfig() {
        Map<String, String> dna = new HashMap<>();
        dna.put("prooftypes", "pkix,dane,posh");
        dna.put("pkix.system-trust", "false");
        dna.put("pkix.trust-files", caFile.toString());
        dna.put("dns.servers", dns.hostPort());
        dna.put("dns.trust-anchors", trustAnchors.toString());
        dna.put("dns.timeout-ms", "2000");
        dna.put("verify.timeout-ms", "5000");
        dna.put("posh.timeout-ms", "3000");
        // the demo runs without root, so its POSH server cannot take port 443 (RFC 7711 §3): the lab setting
        dna.put("posh.https-port", Integer.toString(posh.port()));
        dna.put("on-certificate-change", "warn");
        return dna;
    }

    /** Host A serves a.test; host B serves every peer domain. Both start in parallel. */
    void startHosts() throws Exception {
        hostA = DemoHost.create("A", dist, dir.resolve("a"), portA, log);
        // no static routes: the hosts find each other through the signed zone
        hostA.config("dev.portcullis.server", Map.of("listen", "127.0.0.1:" + portA));
        hostA.config("dev.portcullis.dna", dnaConfig());
        hostA.config("dev.portcullis.dialback", Map.of("mode", "fallback"));
        hostA.domain(A, credentials.get(A));

        hostB = DemoHost.create("B", dist, dir.resolve("b"), portB, log);
        hostB.config("dev.portcullis.server", Map.of("listen", "127.0.0.1:" + portB));
        hostB.config("dev.portcullis.dna", dnaConfig());
        hostB.config("dev.portcullis.dialback", Map.of("mode", "fallback"));
        for (String d : domainsOfB()) {
            hostB.domain(d, credentials.get(d));
        }
        Thread b = new Thread(() -> {
            try {
                hostB.start(domainsOfB());
            } catch (Exception e) {
                log.error("host B did not start", e);
            }
        }, "demo-start-b");
        b.start();
        hostA.start(List.of(A));
        b.join();
        if (!hostB.running()) {
            throw new IOException("host B did not start; see " + hostB.consoleFile() + " and " + log.file());
        }
    }

    /** Which demo domain a certificate fingerprint belongs to, for messages: " (b.test's certificate)". */
    String whose(String sha256) {
        if (sha256 == null) {
            return "";
        }
        for (Map.Entry<String, IssuedCertificate> e : credentials.entrySet()) {
            if (Scenes.sameFingerprint(sha256, sha256Hex(e.getValue().certificate()))) {
                return " (" + e.getKey() + "'s certificate)";
            }
        }
        return "";
    }

    static List<String> domainsOfB() {
        return List.of(B, DANE, POSH, LEGACY, MITM);
    }

    /** The SRV target of a domain's XMPP service; posh.test's is its provider's server. */
    static String target(String domain) {
        return domain.equals(POSH) ? "xmpp." + HOSTING : "xmpp." + domain;
    }

    private static void srv(List<org.xbill.DNS.Record> records, String domain, int port, InetAddress address) {
        records.add(new SRVRecord(name("_xmpp-server._tcp." + domain), DClass.IN, SignedZone.TTL, 0, 0, port,
                name(target(domain))));
        records.add(new ARecord(name(target(domain)), DClass.IN, SignedZone.TTL, address));
    }

    static Name name(String domain) {
        return Name.fromConstantString(domain.endsWith(".") ? domain : domain + ".");
    }

    static byte[] spkiSha256(X509Certificate c) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(c.getPublicKey().getEncoded());
    }

    static String sha256Hex(X509Certificate c) {
        return Fingerprints.certificate(c);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // both hosts stop at once: each takes a moment to close its streams
        Thread stopB = new Thread(() -> {
            if (hostB != null) {
                hostB.close();
            }
        }, "demo-stop-b");
        stopB.start();
        if (hostA != null) {
            hostA.close();
        }
        try {
            stopB.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (AutoCloseable c : new AutoCloseable[] {stripper, oldPeer, posh, dns}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    log.error("closing " + c, e);
                }
            }
        }
    }
}
