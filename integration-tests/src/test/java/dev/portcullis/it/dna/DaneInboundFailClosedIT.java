package dev.portcullis.it.dna;

import static dev.portcullis.it.dna.DnaLab.OURS;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Inbound DANE fails closed like outbound (docs/DANE.md R3, R11; RFC 7673 §3.1): a real Prosody whose certificate
 * PKIX accepts connects to our host, whose DNS resolver does not answer, so DANE cannot look up the initiating
 * domain's SRV and TLSA records. The DANE constraint must not silently drop: the stream is refused, and the log says
 * which row of the table refused it. With {@code dane} removed from {@code prooftypes} (the administrator's choice)
 * the same peer is accepted by PKIX.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaneInboundFailClosedIT {
    static final String PEER = "b.test";
    static DnaLab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = new DnaLab("DaneInboundFailClosedIT");
        lab.dns = lab.dns().start(); // Prosody finds a.test through it; our host does not use it
        IssuedCertificate cert = lab.ca.issue(PEER).dnsName(PEER).build();
        lab.prosody = lab.prosody().host(PEER, cert.writePem(lab.dir.resolve("prosody-certs"), PEER)).start();
        String deadResolver = "127.0.0.1:" + ProsodyServer.freePort("127.0.0.1");
        lab.startHost("danein", Map.of("routes", PEER + "=" + lab.prosodyAddress + ":" + lab.prosodyPort),
                Map.of("prooftypes", "pkix,dane", "pkix.trust-files", lab.caFile.toString(),
                        "dns.servers", deadResolver, "dns.timeout-ms", "1000", "verify.timeout-ms", "3000"));
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void aPeerWhoseDaneRecordsCannotBeLookedUpIsRefusedInboundRfc7673Section31() throws Exception {
        long mark = lab.host.logPosition();
        ProsodyServer.PingResult r = lab.ping(PEER, OURS);
        assertFalse(r.success(), () -> "DANE was silently dropped for an inbound peer:\n" + r.output()
                + lab.diagnostics());
        String refusal = lab.host.awaitLogSince(mark, Pattern.quote(PEER) + " is refused: .*docs/DANE\\.md R(3|11).*",
                Duration.ofSeconds(20));
        assertTrue(refusal.contains("RFC 7673 §3.1"), refusal);
    }

    @Test
    @Order(2)
    void withoutTheDaneProoftypeConfiguredPkixAloneDecidesRfc7712Section7() throws Exception {
        long mark = lab.host.logPosition();
        Map<String, String> dna = new HashMap<>(lab.dnaConfig);
        dna.put("prooftypes", "pkix");
        lab.host.config("dev.portcullis.dna", dna);
        lab.host.awaitLogSince(mark, "Domain verification with prooftypes \\[pkix\\].*", Duration.ofSeconds(20));
        lab.prosody.stop();
        lab.prosody = lab.prosody("prosody-2").host(PEER, lab.ca.issue(PEER).dnsName(PEER).build()
                .writePem(lab.dir.resolve("prosody-2-certs"), PEER)).start(); // new streams
        ProsodyServer.PingResult r = lab.ping(PEER, OURS);
        assertTrue(r.success(), () -> r.output() + lab.diagnostics());
    }
}
