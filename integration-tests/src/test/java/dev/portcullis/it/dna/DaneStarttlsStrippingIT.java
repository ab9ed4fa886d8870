package dev.portcullis.it.dna;

import static dev.portcullis.it.dna.DnaLab.OURS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.it.server.StarttlsStripper;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.dns.DnsZone;
import dev.portcullis.testkit.host.AdminResult;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A secure, usable TLSA RRset makes TLS mandatory (RFC 7673 §3.4, §4), even for a peer the TLS policy lists in
 * {@code plaintext-domains}. A real BIND serves {@code dane-strip.test}'s signed zone (SRV, A and a DANE-EE TLSA
 * record for the real Prosody's key); the SRV target is a STARTTLS-stripping proxy in front of Prosody that
 * answers our {@code <starttls/>} with {@code <failure/>}. Our host must refuse plaintext and say why. The control,
 * {@code loose-strip.test} in an unsigned zone behind the same proxy, is allowed plaintext as configured.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaneStarttlsStrippingIT {
    static final String PROTECTED = "dane-strip.test";
    static final String LOOSE = "loose-strip.test";
    static DnaLab lab;
    static StarttlsStripper proxy;

    @BeforeAll
    static void start() throws Exception {
        lab = new DnaLab("DaneStarttlsStrippingIT");
        IssuedCertificate cert = lab.ca.issue(PROTECTED).dnsName(PROTECTED).build();
        IssuedCertificate loose = lab.ca.issue(LOOSE).dnsName(LOOSE).build();
        String proxyAddress = DnaLab.loopbackAddress(0);
        proxy = new StarttlsStripper(proxyAddress, new InetSocketAddress(lab.prosodyAddress, lab.prosodyPort),
                StarttlsStripper.Mode.STRIP_AND_FAIL);
        String proxyPort = proxy.address().substring(proxy.address().lastIndexOf(':') + 1);
        String spki = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(cert.certificate().getPublicKey().getEncoded()));
        lab.dns = lab.dns()
                .zone(DnsZone.of(PROTECTED, DnsZone.Signing.SIGNED)
                        .record("_xmpp-server._tcp 300 IN SRV 0 0 " + proxyPort + " xmpp." + PROTECTED + ".")
                        .record("xmpp 300 IN A " + proxyAddress)
                        .record("_" + proxyPort + "._tcp.xmpp 300 IN TLSA 3 1 1 " + spki))
                .zone(DnsZone.of(LOOSE, DnsZone.Signing.UNSIGNED)
                        .record("_xmpp-server._tcp 300 IN SRV 0 0 " + proxyPort + " xmpp." + LOOSE + ".")
                        .record("xmpp 300 IN A " + proxyAddress))
                .start();
        lab.prosody = lab.prosody()
                .host(PROTECTED, cert.writePem(lab.dir.resolve("prosody-certs"), PROTECTED))
                .host(LOOSE, loose.writePem(lab.dir.resolve("prosody-certs"), LOOSE))
                .start();
        lab.startHost("danestrip", Map.of(), Map.of("prooftypes", "pkix,dane",
                "pkix.trust-files", lab.caFile.toString()), Map.of("plaintext-domains", PROTECTED + "," + LOOSE));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (proxy != null) {
                proxy.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    @Test
    @Order(1)
    void aStrippedStarttlsToADaneProtectedPeerGetsNoPlaintextDespitePlaintextDomainsRfc7673Section34() {
        long mark = lab.host.logPosition();
        int seen = proxy.starttlsSeen.get();
        AdminResult r = lab.host.adminResult("portcullis:ping " + OURS + " " + PROTECTED);
        assertEquals(1, r.status(), () -> "a DANE-protected peer was reached in plaintext: " + r + lab.diagnostics());
        assertTrue(r.stderr().startsWith("Error: no pong from " + PROTECTED + ": "), r::toString);
        assertTrue(proxy.starttlsSeen.get() > seen, "our host did not attempt STARTTLS");
        // the host's verdict on the refused STARTTLS: plaintext (the defect) or a refusal that says why
        String verdict = lab.host.awaitLogSince(mark, Pattern.quote(PROTECTED)
                + ".*(continuing WITHOUT TLS|so TLS is required).*", Duration.ofSeconds(20));
        assertFalse(verdict.contains("continuing WITHOUT TLS"), "plaintext to a DANE-protected peer: " + verdict);
        assertTrue(Pattern.compile("publishes secure, usable TLSA records at _\\d+\\._tcp\\.xmpp\\."
                + Pattern.quote(PROTECTED) + ", so TLS is required \\(RFC 7673 §3\\.4, §4\\) although "
                + "plaintext-domains lists it").matcher(verdict).find(), verdict);
        String since = lab.host.log().substring((int) Math.min(mark, lab.host.log().length()));
        assertFalse(Pattern.compile(Pattern.quote(PROTECTED) + "[^\\n]*continuing WITHOUT TLS").matcher(since).find(),
                since);
        String json = lab.host.admin("portcullis:streams --json");
        assertFalse(json.contains("\"encrypted\" : false"), () -> "a plaintext stream exists: " + json);
    }

    @Test
    @Order(2)
    void aPeerWithoutSecureTlsaStillGetsThePlaintextTheAdministratorAllowedRfc7590Section31() {
        long mark = lab.host.logPosition();
        // the ping's own outcome depends on the peer behind the stripping proxy; the host's choice is what counts
        lab.host.adminResult("portcullis:ping " + OURS + " " + LOOSE);
        String plaintext = lab.host.awaitLogSince(mark, Pattern.quote(LOOSE) + ".*continuing WITHOUT TLS.*",
                Duration.ofSeconds(20));
        assertFalse(plaintext.contains("TLSA"), plaintext);
    }
}
