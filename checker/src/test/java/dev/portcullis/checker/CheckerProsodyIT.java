package dev.portcullis.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.dns.BindServer;
import dev.portcullis.testkit.dns.DnsZone;
import dev.portcullis.testkit.posh.PoshServer;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.net.InetSocketAddress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./portcullis check} against real peers on loopback: Prosody 0.12 (testkit harness) found through a real
 * BIND serving a DNSSEC-signed tree (testkit harness), validated with dnsjava from the harness's trust anchor.
 * One well-configured Prosody (default {@code tls_profile}, SRV and XEP-0368 SRV, secure TLSA) and one with
 * {@code tls_profile = "old"} (Prosody's Mozilla "old" profile: TLS 1.0+, CBC, static RSA, 3DES) and an RSA key.
 */
class CheckerProsodyIT {
    /** Prosody 0.12's mozilla_ssl_configs.old cipher list (/usr/lib/prosody/core/certmanager.lua). */
    static final String OLD_CIPHERS = String.join(":", "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
            "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305",
            "ECDHE-RSA-CHACHA20-POLY1305", "DHE-RSA-AES128-GCM-SHA256", "DHE-RSA-AES256-GCM-SHA384",
            "DHE-RSA-CHACHA20-POLY1305", "ECDHE-ECDSA-AES128-SHA256", "ECDHE-RSA-AES128-SHA256", "ECDHE-ECDSA-AES128-SHA",
            "ECDHE-RSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384", "ECDHE-ECDSA-AES256-SHA",
            "ECDHE-RSA-AES256-SHA", "DHE-RSA-AES128-SHA256", "DHE-RSA-AES256-SHA256", "AES128-GCM-SHA256",
            "AES256-GCM-SHA384", "AES128-SHA256", "AES256-SHA256", "AES128-SHA", "AES256-SHA", "DES-CBC3-SHA");

    @TempDir
    static Path tmp;

    static TestCa ca;
    static Path caFile;
    static BindServer dns;
    static ProsodyServer good;
    static ProsodyServer old;
    static String goodAddress;
    static int goodPort;
    static int goodTlsPort;
    static String oldAddress;
    static int oldPort;
    static IssuedCertificate goodCert;
    static PoshServer posh;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.create("Checker test CA");
        caFile = ca.writeCertificate(tmp.resolve("ca.pem"));

        goodAddress = ProsodyServer.freeLoopbackAddress();
        goodPort = ProsodyServer.freePort(goodAddress);
        goodTlsPort = ProsodyServer.freePort(goodAddress);
        goodCert = ca.issue("good.test").dnsName("good.test").srvName("_xmpp-server.good.test")
                .xmppAddr("good.test").build();
        byte[] spkiSha256 = MessageDigest.getInstance("SHA-256").digest(
                goodCert.certificate().getPublicKey().getEncoded());

        oldAddress = ProsodyServer.freeLoopbackAddress();
        oldPort = ProsodyServer.freePort(oldAddress);
        IssuedCertificate oldCert = ca.issue("old.test").dnsName("old.test").key(TestCa.KeyAlgorithm.RSA_2048)
                .build();

        // POSH clients always use port 443 (RFC 7711 §3): a real HTTPS server on 443 of its own loopback address
        String poshAddress = ProsodyServer.freeLoopbackAddress();
        posh = PoshServer.start(ca.issue("good.test").dnsName("good.test").build(),
                new InetSocketAddress(poshAddress, 443));

        dns = BindServer.builder(tmp.resolve("dns"), "test")
                .zone(DnsZone.of("bogus.test", DnsZone.Signing.CORRUPT_SIGNATURES)
                        .record("_xmpp-server._tcp 300 IN SRV 0 5 5269 xmpp.bogus.test.")
                        .record("xmpp 300 IN A 127.0.0.1"))
                .zone(DnsZone.of("good.test", DnsZone.Signing.SIGNED)
                        .record("good.test. 300 IN A " + poshAddress)
                        .record("_xmpp-server._tcp 300 IN SRV 0 5 " + goodPort + " xmpp.good.test.")
                        .record("_xmpps-server._tcp 300 IN SRV 0 5 " + goodTlsPort + " xmpp.good.test.")
                        .record("xmpp 300 IN A " + goodAddress)
                        .tlsa("_" + goodPort + "._tcp.xmpp", 3, 1, 1, spkiSha256)
                        .tlsa("_" + goodTlsPort + "._tcp.xmpp", 3, 1, 1, spkiSha256))
                .zone(DnsZone.of("old.test", DnsZone.Signing.UNSIGNED)
                        .record("_xmpp-server._tcp 300 IN SRV 0 5 " + oldPort + " xmpp.old.test.")
                        .record("xmpp 300 IN A " + oldAddress))
                .start();

        good = ProsodyServer.builder(tmp.resolve("good"))
                .host("good.test", goodCert.writePem(tmp.resolve("good-certs"), "good.test"))
                .listen(goodAddress, goodPort).directTls(goodTlsPort)
                .secureAuth(false) // so the checker (which has no certificate) sees the features after TLS
                .start();
        old = ProsodyServer.builder(tmp.resolve("old"))
                .host("old.test", oldCert.writePem(tmp.resolve("old-certs"), "old.test"))
                .listen(oldAddress, oldPort)
                // Prosody 0.12 core/certmanager.lua: mozilla_ssl_configs.old = TLS 1.0+, CBC, static RSA, 3DES.
                // On OpenSSL 3 its TLS 1.0/1.1 only take effect at security level 0, which is what Mozilla's
                // "old" configuration adds for OpenSSL 3 (the global ssl table is applied after the profile).
                .global("tls_profile = \"old\"")
                .global("ssl = { ciphers = \"" + OLD_CIPHERS + ":@SECLEVEL=0\" }")
                .start();
    }

    @AfterAll
    static void stop() {
        if (old != null) {
            old.close();
        }
        if (good != null) {
            good.close();
        }
        if (dns != null) {
            dns.close();
        }
        if (posh != null) {
            posh.close();
        }
    }

    static final String POSH_PATH = "/.well-known/posh/xmpp-server.json";

    record Run(int exit, String out, String err) {
    }

    static Run check(String... args) {
        List<String> all = new ArrayList<>(List.of("--dns", "127.0.0.1:" + dns.port(), "--trust-anchor",
                dns.trustAnchorFile().toString(), "--ca", caFile.toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC());
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void wellConfiguredProsodyGradesAOrBetterWithEveryFactInJson() throws Exception {
        posh.put("good.test", POSH_PATH, PoshServer.Answer.json(
                PoshServer.fingerprintsDocument(goodCert.certificate(), "sha-256", 3600)));
        Run r = check("--json", "--min-grade", "A", "good.test");
        String context = r.out() + r.err() + "\nprosody:\n" + good.logTail(30);
        assertEquals(0, r.exit(), context);
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(List.of("A+", "A").contains(j.get("grade").asText()), context);
        assertEquals(0, j.get("deductions").size(), context);
        // XEP-0368 direct TLS first, then RFC 6120 §3.2.1 STARTTLS; both from DNSSEC-secure SRV answers
        assertEquals("SECURE", j.at("/dns/xmppServer/dnssec").asText(), context);
        assertEquals("SECURE", j.at("/dns/xmppsServer/dnssec").asText(), context);
        JsonNode eps = j.get("endpoints");
        assertEquals(2, eps.size(), context);
        assertTrue(eps.get(0).get("directTls").asBoolean(), context);
        assertEquals(goodTlsPort, eps.get(0).get("port").asInt(), context);
        JsonNode st = eps.get(1);
        assertFalse(st.get("directTls").asBoolean(), context);
        assertTrue(st.get("startTlsRequired").asBoolean(), context);
        for (JsonNode e : eps) {
            assertEquals("TLSv1.3", e.get("protocol").asText(), context);
            assertTrue(e.at("/pkix/valid").asBoolean(), context);
            assertTrue(e.at("/identity/matched").asBoolean(), context);
            assertEquals("MATCH", e.at("/dane/status").asText(), context);
            assertTrue(e.get("dialbackOffered").asBoolean(), context);
            assertFalse(e.get("saslExternalOffered").asBoolean(), "no client certificate was presented: " + context);
            assertTrue(e.at("/certificates/0/subjectAltNames").toString().contains("XmppAddr:good.test"), context);
            assertTrue(e.at("/certificates/0/subjectAltNames").toString().contains("SRV:_xmpp-server.good.test"),
                    context);
            for (JsonNode p : e.get("probes")) {
                String probe = p.get("probe").asText();
                boolean accepted = p.get("outcome").asText().equals("ACCEPTED");
                assertEquals(probe.equals("TLS_1_2") || probe.equals("TLS_1_3"), accepted, probe + ": " + context);
            }
        }
        assertEquals("A+", j.get("grade").asText(), "every endpoint DANE-authenticated: " + context);
        // RFC 7711 §3.3: the published fingerprint matches the served certificate
        assertEquals("MATCH", j.at("/posh/status").asText(), context);
    }

    @Test
    void poshDocumentForAnotherCertificateIsMarkedDownUnderRfc7711Section33() throws Exception {
        IssuedCertificate stale = ca.issue("good.test").dnsName("good.test").build();
        posh.put("good.test", POSH_PATH, PoshServer.Answer.json(
                PoshServer.fingerprintsDocument(stale.certificate(), "sha-256", 3600)));
        Run r = check("--json", "--connect", goodAddress + ":" + goodPort, "good.test");
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("MISMATCH", j.at("/posh/status").asText(), r.out());
        assertDeduction(j, "POSH document published but no fingerprint matches", "C", "RFC 7711 §3.3", r.out());
        assertEquals("C", j.get("grade").asText(), r.out());
    }

    @Test
    void bogusSrvAnswerGradesFUnderRfc4035Section55AndIsNotUsed() throws Exception {
        Run r = check("--json", "bogus.test");
        assertEquals(0, r.exit(), "a DNSSEC-bogus domain is a verdict, not a failure to run: " + r.out() + r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("F", j.get("grade").asText(), r.out());
        assertEquals("BOGUS", j.at("/dns/xmppServer/dnssec").asText(), r.out());
        assertEquals(0, j.get("endpoints").size(), "bogus SRV data must not be used: " + r.out());
        assertDeduction(j, "_xmpp-server._tcp.bogus.test SRV answer is DNSSEC-bogus", "F",
                "RFC 4035 §5.5, RFC 7673 §3.1", r.out());
    }

    @Test
    void oldTlsProfileIsMarkedDownWithTheClauseOfEachDeduction() throws Exception {
        Run r = check("--json", "old.test");
        String context = r.out() + r.err() + "\nprosody:\n" + old.logTail(30);
        assertEquals(0, r.exit(), context);
        JsonNode j = new ObjectMapper().readTree(r.out());
        String deductions = j.get("deductions").toString();
        // RFC 8996 §4 / §5 and RFC 9325 §3.1.1: TLS 1.0 and 1.1 MUST NOT be negotiated
        assertDeduction(j, "TLS 1.0 accepted", "C", "RFC 8996 §4, RFC 9325 §3.1.1", context);
        assertDeduction(j, "TLS 1.1 accepted", "C", "RFC 8996 §5, RFC 9325 §3.1.1", context);
        // RFC 9325 §4.2: CBC only with encrypt_then_mac; §4.1: no static RSA, no < 128-bit (3DES)
        assertDeduction(j, "CBC suite accepted without encrypt_then_mac", "A-", "RFC 9325 §4.2", context);
        assertDeduction(j, "static-RSA suite accepted", "B", "RFC 9325 §4.1", context);
        assertTrue(Grade.parse(j.get("grade").asText()).ordinal() >= Grade.C.ordinal(), deductions);
        assertEquals("INSECURE", j.at("/dns/xmppServer/dnssec").asText(), context);
        assertEquals("NOT_CHECKED", j.at("/endpoints/0/dane/status").asText(), context);
        assertEquals("RSA 2048", j.at("/endpoints/0/certificates/0/key").asText(), context);
        assertTrue(j.at("/endpoints/0/pkix/valid").asBoolean(), context);
        // s2s_secure_auth (the harness default) refuses a peer without a certificate after TLS: reported, not fatal
        assertTrue(j.at("/endpoints/0/afterTlsError").asText().contains("not-authorized"), context);
    }

    @Test
    void minGradeAboveTheResultExitsOneAndTheHumanReportCitesTheClauses() {
        Run r = check("--min-grade", "B", "old.test");
        System.out.println(r.out()); // the human report, kept in failsafe-reports for the reviewer
        System.out.println(check("good.test").out());
        assertEquals(Main.BELOW_MIN_GRADE, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("TLS 1.1 accepted"), r.out());
        assertTrue(r.out().contains("RFC 8996 §5, RFC 9325 §3.1.1"), r.out());
        assertTrue(r.err().contains("below --min-grade B"), r.err());
    }

    @Test
    void connectOverridesTheEndpointButDaneStillComesFromDns() throws Exception {
        Run r = check("--json", "--connect", goodAddress + ":" + goodPort, "good.test");
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(1, j.get("endpoints").size(), r.out());
        assertEquals("MATCH", j.at("/endpoints/0/dane/status").asText(), r.out());
        assertEquals(goodAddress, j.at("/endpoints/0/address").asText(), r.out());
    }

    @Test
    void nothingListeningMeansTheCheckCouldNotRun() {
        String addr = ProsodyServer.freeLoopbackAddress();
        int port = ProsodyServer.freePort(addr);
        Run r = check("--connect", addr + ":" + port, "--no-dns", "good.test");
        assertEquals(Main.COULD_NOT_RUN, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("could be reached"), r.err());
    }

    private static void assertDeduction(JsonNode report, String finding, String cap, String clauses, String context) {
        for (JsonNode d : report.get("deductions")) {
            if (d.get("finding").asText().startsWith(finding)) {
                assertEquals(cap, d.get("cap").asText(), finding + ": " + context);
                assertEquals(clauses, d.get("clauses").asText(), finding + ": " + context);
                return;
            }
        }
        throw new AssertionError("no deduction '" + finding + "' in " + context);
    }
}
