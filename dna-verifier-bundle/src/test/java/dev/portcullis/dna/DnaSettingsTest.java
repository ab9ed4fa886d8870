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
}
