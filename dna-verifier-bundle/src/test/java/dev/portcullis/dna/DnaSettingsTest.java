package dev.portcullis.dna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration dev.portcullis.dna: defaults, parsing, and a clear rejection for each kind of bad value. */
class DnaSettingsTest {

    @Test
    void defaultsAreCoherent() {
        DnaSettings d = DnaSettings.defaults();
        assertEquals(List.of("pkix", "dane", "posh"), d.prooftypes());
        assertTrue(d.dnsServers().isEmpty());
        assertEquals(DnaSettings.CertificateChangePolicy.WARN, d.onCertificateChange());
    }

    @Test
    void parsesServersWithPorts() throws Exception {
        DnaSettings s = DnaSettings.parse(Map.of("dns.servers", "127.0.0.1:5353, [::1]:53,192.0.2.1"));
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 5353), new InetSocketAddress("::1", 53),
                new InetSocketAddress("192.0.2.1", 53)), s.dnsServers());
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 53)),
                DnaSettings.parse(Map.of("dns.servers", new String[] {"127.0.0.1"})).dnsServers());
    }

    @Test
    void rejectsEachBadValueWithTheTeamLogLine() {
        Map<String, String> bad = Map.of(
                "dns.servers", "resolver.example",
                "dns.trust-anchors", "/nonexistent/anchors",
                "dns.timeout-ms", "soon",
                "posh.max-bytes", "1",
                "pkix.revocation.fetch", "maybe",
                "on-certificate-change", "ignore",
                "prooftypes", "PKIX;dane",
                "pkix.trust-files", "/nonexistent/ca.pem");
        for (var e : bad.entrySet()) {
            DnaSettings.Rejected r = assertThrows(DnaSettings.Rejected.class, () -> DnaSettings.parse(
                    Map.of(e.getKey(), e.getValue(), DnaSettings.FILE_PROPERTY, "/etc/dev.portcullis.dna.cfg")));
            String line = r.logLine(Map.of(DnaSettings.FILE_PROPERTY, "file:/etc/dev.portcullis.dna.cfg"));
            assertTrue(line.startsWith("Rejected configuration dev.portcullis.dna from /etc/dev.portcullis.dna.cfg: "
                    + e.getKey() + " = "), line);
            assertTrue(line.endsWith("; the previous configuration stays in force"), line);
        }
    }

    @Test
    void rejectsAnEmptyProoftypeList() {
        assertThrows(DnaSettings.Rejected.class, () -> DnaSettings.parse(Map.of("prooftypes", " , ")));
    }

    @Test
    void revocationIsCheckedWithSoftFailByDefaultRfc5280Section63() throws Exception {
        assertEquals(DnaSettings.RevocationPolicy.SOFT_FAIL, DnaSettings.defaults().revocation());
        assertEquals(java.time.Duration.ofMillis(5000), DnaSettings.defaults().revocationTimeout());
        assertEquals(DnaSettings.RevocationPolicy.HARD_FAIL,
                DnaSettings.parse(Map.of("pkix.revocation", "hard-fail")).revocation());
        assertEquals(DnaSettings.RevocationPolicy.OFF, DnaSettings.parse(Map.of("pkix.revocation", "off")).revocation());
    }

    @Test
    void theDeprecatedRevocationKeysKeepTheirMeaningAlone() throws Exception {
        assertEquals(DnaSettings.RevocationPolicy.OFF,
                DnaSettings.parse(Map.of("pkix.revocation.fetch", "false")).revocation());
        assertEquals(DnaSettings.RevocationPolicy.HARD_FAIL,
                DnaSettings.parse(Map.of("pkix.revocation.fetch", "true")).revocation());
        assertEquals(DnaSettings.RevocationPolicy.SOFT_FAIL, DnaSettings.parse(Map.of("pkix.revocation.fetch", "true",
                "pkix.revocation.soft-fail", "true")).revocation());
        assertEquals(List.of("pkix.revocation.fetch"), DnaSettings.deprecatedKeys(Map.of("pkix.revocation.fetch", "true")));
    }

    @Test
    void mixingTheDeprecatedAndTheNewRevocationKeyIsRejected() {
        DnaSettings.Rejected r = assertThrows(DnaSettings.Rejected.class, () -> DnaSettings.parse(Map.of(
                "pkix.revocation", "soft-fail", "pkix.revocation.fetch", "false")));
        assertEquals("pkix.revocation.fetch = false: replaced by pkix.revocation (soft-fail | hard-fail | off); "
                + "remove this key", r.getMessage());
        DnaSettings.Rejected bad = assertThrows(DnaSettings.Rejected.class, () -> DnaSettings.parse(Map.of(
                "pkix.revocation", "sometimes")));
        assertEquals("pkix.revocation = sometimes: use soft-fail (the default), hard-fail or off", bad.getMessage());
    }
}
