package dev.portcullis.it.dna;

import static dev.portcullis.it.dna.DnaLab.OURS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.dns.DnsZone;
import dev.portcullis.testkit.posh.PoshServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The records {@code ./portcullis tlsa} and {@code ./portcullis posh} print, published as printed, prove the
 * certificate to the verifier (issue 16 item 3). A real Prosody serves three domains whose certificates PKIX
 * cannot prove (untrusted CAs, or a hoster's name only): {@code ee.test}'s DNSSEC-signed zone (signed by BIND's
 * tools at test time) carries the printed {@code 3 1 1} record, {@code ta.test}'s the printed {@code 2 1 1} record,
 * and {@code tenant.test}'s HTTPS server serves the printed POSH document. Our host must prove each by the
 * matching prooftype ({@code portcullis:streams}).
 */
class PrintedRecordsProveIT {
    static final String EE = "ee.test";
    static final String TA = "ta.test";
    static final String TENANT = "tenant.test";
    /** Signed SRV, no TLSA, no POSH, an untrusted certificate: {@code check} must say what to publish. */
    static final String BARE = "bare.test";
    static DnaLab lab;
    static IssuedCertificate.Pem barePem;
    static PoshServer web;

    @BeforeAll
    static void start() throws Exception {
        lab = new DnaLab("PrintedRecordsProveIT");
        Path certs = lab.dir.resolve("prosody-certs");
        IssuedCertificate eeCert = TestCa.create("Untrusted EE CA").issue(EE).dnsName(EE).build();
        IssuedCertificate taCert = TestCa.create("Untrusted TA CA").issue(TA).dnsName(TA).build();
        IssuedCertificate hosting = lab.ca.issue("hosting.test").dnsName("hosting.test").build();
        IssuedCertificate.Pem eePem = eeCert.writePem(certs, EE);
        IssuedCertificate.Pem taPem = taCert.writePem(certs, TA);
        IssuedCertificate.Pem hostingPem = hosting.writePem(certs, TENANT);
        barePem = TestCa.create("Untrusted bare CA").issue(BARE).dnsName(BARE).build().writePem(certs, BARE);
        String p = Integer.toString(lab.prosodyPort);

        List<String> eeRecords = records(run("tlsa", eePem.certificate().toString(), "--host", "xmpp." + EE,
                "--port", p, "--domain", EE));
        List<String> taRecords = records(run("tlsa", taPem.certificate().toString(), "--usage", "2",
                "--host", "xmpp." + TA, "--port", p, "--domain", TA));
        String posh = run("posh", hostingPem.certificate().toString(), "--expires", "3600");

        String webAddress = DnaLab.loopbackAddress(443);
        web = PoshServer.start(lab.ca.issue(TENANT).dnsName(TENANT).build(), new InetSocketAddress(webAddress, 443));
        web.put(TENANT, "/.well-known/posh/xmpp-server.json", PoshServer.Answer.json(posh));
        DnsZone ee = DnsZone.of(EE, DnsZone.Signing.SIGNED)
                .record("_xmpp-server._tcp 300 IN SRV 0 0 " + p + " xmpp.ee.test.")
                .record("xmpp 300 IN A " + lab.prosodyAddress);
        eeRecords.forEach(ee::record);
        DnsZone ta = DnsZone.of(TA, DnsZone.Signing.SIGNED)
                .record("_xmpp-server._tcp 300 IN SRV 0 0 " + p + " xmpp.ta.test.")
                .record("xmpp 300 IN A " + lab.prosodyAddress);
        taRecords.forEach(ta::record);
        lab.dns = lab.dns().zone(ee).zone(ta)
                .zone(DnsZone.of(BARE, DnsZone.Signing.SIGNED)
                        .record("_xmpp-server._tcp 300 IN SRV 0 0 " + p + " xmpp.bare.test.")
                        .record("xmpp 300 IN A " + lab.prosodyAddress))
                .zone(DnsZone.of(TENANT, DnsZone.Signing.UNSIGNED).record("@ 300 IN A " + webAddress))
                .start();
        lab.prosody = lab.prosody().host(EE, eePem).host(TA, taPem).host(TENANT, hostingPem).host(BARE, barePem).start();
        lab.startHost("printed", Map.of("routes", TENANT + "=" + lab.prosodyAddress + ":" + lab.prosodyPort),
                Map.of("prooftypes", "pkix,dane,posh", "pkix.trust-files", lab.caFile.toString()));
    }

    @AfterAll
    static void stop() {
        if (web != null) {
            web.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @DisplayName("RFC 7673 §3.3, RFC 7671 §5.1: the printed 3 1 1 record, published, proves the certificate by DANE")
    void thePrintedDaneEeRecordProvesTheCertificateRfc7671Section51() {
        assertProvenBy(EE, "dane");
    }

    @Test
    @DisplayName("RFC 7671 §5.2: the printed 2 1 1 record for the issuing CA, published, proves the certificate by DANE")
    void thePrintedDaneTaRecordProvesTheCertificateRfc7671Section52() {
        assertProvenBy(TA, "dane");
    }

    @Test
    @DisplayName("RFC 7711 §3.1: the printed POSH document, served over HTTPS, proves the certificate by POSH")
    void thePrintedPoshDocumentProvesTheCertificateRfc7711Section31() {
        assertProvenBy(TENANT, "posh");
        assertTrue(web.hits(TENANT, "/.well-known/posh/xmpp-server.json") >= 1);
    }

    @Test
    @DisplayName("RFC 7673 §3.3, RFC 7711 §3.1: check names the exact TLSA record and POSH document a domain lacks")
    void checkPrintsTheRecordsTheDomainLacksExactlyAsTheHelpersDo() throws Exception {
        String report = run("check", BARE, "--dns", "127.0.0.1:" + lab.dns.port(), "--trust-anchor",
                lab.dns.trustAnchorFile().toString());
        int at = report.indexOf("\nPublish\n");
        assertTrue(at >= 0, report);
        List<String> publish = report.substring(at + "\nPublish\n".length()).lines().toList();
        String tlsa = records(run("tlsa", barePem.certificate().toString(), "--host", "xmpp." + BARE,
                "--port", Integer.toString(lab.prosodyPort))).get(0);
        assertEquals("  DANE: no TLSA record at _" + lab.prosodyPort + "._tcp.xmpp.bare.test. (RFC 7673 §3.3); publish "
                + "it in the DNSSEC-signed zone:", publish.get(0), report);
        assertEquals("    " + tlsa, publish.get(1), report);
        List<String> posh = run("posh", barePem.certificate().toString()).lines().map(l -> "    " + l).toList();
        int poshAt = publish.indexOf("  POSH: nothing at https://bare.test/.well-known/posh/xmpp-server.json, and PKIX "
                + "cannot prove the certificate; serve this there (RFC 7711 §3.1):");
        assertTrue(poshAt > 0, report);
        assertEquals(posh, publish.subList(poshAt + 1, poshAt + 1 + posh.size()), report);
    }

    private static void assertProvenBy(String peer, String prooftype) {
        lab.host.ping(OURS, peer);
        String stream = lab.stream("OUTBOUND", peer);
        assertNotNull(stream, () -> lab.host.admin("portcullis:streams") + lab.diagnostics());
        assertTrue(stream.contains("\"prooftype\" : \"" + prooftype + "\""), stream);
    }

    /** The record lines of {@code ./portcullis tlsa}'s output, without its comments, exactly as printed. */
    private static List<String> records(String zoneText) {
        List<String> lines = zoneText.lines().filter(l -> !l.startsWith(";") && !l.isBlank()).toList();
        assertEquals(1, lines.size(), zoneText);
        assertTrue(lines.get(0).matches("_\\d+\\._tcp\\.xmpp\\.[a-z]+\\.test\\. IN TLSA [23] 1 1 [0-9a-f]{64}"),
                zoneText);
        return lines;
    }

    /** {@code ./portcullis <args>} from the checkout, as an administrator runs it; its stdout, exit status 0. */
    private static String run(String... args) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("portcullis.dist")).getParent().getParent().getParent().getParent();
        List<String> command = new java.util.ArrayList<>(List.of(root.resolve("portcullis").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(lab.dir, "records", ".out");
        Path err = Files.createTempFile(lab.dir, "records", ".err");
        Process process = new ProcessBuilder(command).directory(root.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "./portcullis " + String.join(" ", args) + " hung");
        assertEquals(0, process.exitValue(), () -> "./portcullis " + String.join(" ", args) + ": "
                + readQuietly(err));
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
