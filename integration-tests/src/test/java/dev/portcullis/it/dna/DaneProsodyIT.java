package dev.portcullis.it.dna;

import static dev.portcullis.it.dna.DnaLab.OURS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.dns.DnsZone;
import dev.portcullis.testkit.host.AdminResult;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * DANE against a real Prosody (RFC 7673, RFC 7712 §5.1): Prosody serves {@code dane.test} with a certificate
 * from a CA we do not trust, and {@code dane.test}'s DNSSEC-signed zone publishes its SRV record and a DANE-EE
 * TLSA record for it; our host finds Prosody through that SRV record and proves the certificate by DANE alone.
 * Prosody also serves {@code veto.test}, whose certificate PKIX would accept but whose secure TLSA record
 * matches something else: our host must refuse it (RFC 7673 §3, fail closed).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaneProsodyIT {
    static final String DANE = "dane.test";
    static final String VETO = "veto.test";
    static DnaLab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = new DnaLab("DaneProsodyIT");
        IssuedCertificate daneCert = TestCa.create("Untrusted DANE CA").issue(DANE).dnsName(DANE).build();
        IssuedCertificate vetoCert = lab.ca.issue(VETO).dnsName(VETO).build();
        String spki = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(daneCert.certificate().getPublicKey().getEncoded()));
        String p = Integer.toString(lab.prosodyPort);
        lab.dns = lab.dns()
                .zone(DnsZone.of(DANE, DnsZone.Signing.SIGNED)
                        .record("_xmpp-server._tcp 300 IN SRV 0 0 " + p + " xmpp.dane.test.")
                        .record("xmpp 300 IN A " + lab.prosodyAddress)
                        .record("_" + p + "._tcp.xmpp 300 IN TLSA 3 1 1 " + spki))
                .zone(DnsZone.of(VETO, DnsZone.Signing.SIGNED)
                        .record("_xmpp-server._tcp 300 IN SRV 0 0 " + p + " xmpp.veto.test.")
                        .record("xmpp 300 IN A " + lab.prosodyAddress)
                        // the DANE certificate's key, not veto.test's: a secure record that matches nothing
                        .record("_" + p + "._tcp.xmpp 300 IN TLSA 3 1 1 " + spki))
                .start();
        lab.prosody = lab.prosody()
                .host(DANE, daneCert.writePem(lab.dir.resolve("prosody-certs"), DANE))
                .host(VETO, vetoCert.writePem(lab.dir.resolve("prosody-certs"), VETO))
                .start();
        lab.startHost("dane", Map.of(), Map.of("prooftypes", "pkix,dane",
                "pkix.trust-files", lab.caFile.toString()));
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void weReachProsodyThroughItsSecureSrvAndProveItsCertificateByDaneRfc7673Section42() {
        lab.host.ping(OURS, DANE);
        String stream = lab.stream("OUTBOUND", DANE);
        assertNotNull(stream, () -> lab.host.admin("portcullis:streams") + lab.diagnostics());
        assertTrue(stream.contains("\"prooftype\" : \"dane\""), stream);
        assertTrue(stream.contains("\"authMethod\" : \"SASL_EXTERNAL\""), stream);
    }

    @Test
    @Order(2)
    void prosodysInboundStreamIsProvenByTheTlsaOfItsSrvTargetRfc7712Section42() throws Exception {
        ProsodyServer.PingResult r = lab.ping(DANE, OURS);
        assertTrue(r.success(), () -> r.output() + lab.diagnostics());
        String stream = lab.stream("INBOUND", DANE);
        assertNotNull(stream, () -> lab.host.admin("portcullis:streams") + lab.diagnostics());
        assertTrue(stream.contains("\"prooftype\" : \"dane\""), stream);
    }

    @Test
    @Order(3)
    void aSecureTlsaRecordThatMatchesNothingRefusesEvenAPkixValidPeerRfc7673Section3() {
        long mark = lab.host.logPosition();
        AdminResult r = lab.host.adminFailure("portcullis:ping " + OURS + " " + VETO);
        assertEquals(1, r.status(), r::toString);
        assertTrue(r.stderr().startsWith("Error: no pong from " + VETO + ": "), r::toString);
        assertTrue(r.stderr().contains("TLSA") && r.stderr().contains("fail closed"), r::toString);
        String refusal = lab.host.awaitLogSince(mark, "(?i)" + VETO + " is refused", Duration.ofSeconds(30));
        assertTrue(refusal.contains("DANE"), refusal);
        assertTrue(lab.stream("OUTBOUND", VETO) == null, () -> lab.host.admin("portcullis:streams"));
    }
}
