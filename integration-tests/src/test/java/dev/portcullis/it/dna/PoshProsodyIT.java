package dev.portcullis.it.dna;

import static dev.portcullis.it.dna.DnaLab.OURS;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.dns.DnsZone;
import dev.portcullis.testkit.posh.PoshServer;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * POSH against a real Prosody (RFC 7711, RFC 7712 §5.2 and §6): Prosody hosts {@code tenant.test} with its
 * hosting provider's certificate, which names only {@code hosting.test}, so PKIX cannot prove it. The tenant's
 * HTTPS server (a real HTTPS server on port 443 of its own loopback address, found through BIND) publishes the
 * certificate's fingerprint at {@code /.well-known/posh/xmpp-server.json}, and our host proves the tenant by
 * POSH in both directions.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PoshProsodyIT {
    static final String TENANT = "tenant.test";
    static DnaLab lab;
    static PoshServer web;

    @BeforeAll
    static void start() throws Exception {
        lab = new DnaLab("PoshProsodyIT");
        IssuedCertificate hosting = lab.ca.issue("hosting.test").dnsName("hosting.test").build();
        String webAddress = DnaLab.loopbackAddress(443);
        web = PoshServer.start(lab.ca.issue(TENANT).dnsName(TENANT).build(), new InetSocketAddress(webAddress, 443));
        web.put(TENANT, "/.well-known/posh/xmpp-server.json",
                PoshServer.Answer.json(PoshServer.fingerprintsDocument(hosting.certificate(), "sha-256", 3600)));
        lab.dns = lab.dns()
                // unsigned: no secure SRV delegation, so only POSH can tie tenant.test to hosting.test's certificate
                .zone(DnsZone.of(TENANT, DnsZone.Signing.UNSIGNED).record("@ 300 IN A " + webAddress))
                .start();
        lab.prosody = lab.prosody().host(TENANT, hosting.writePem(lab.dir.resolve("prosody-certs"), TENANT)).start();
        lab.startHost("posh", Map.of("routes", TENANT + "=" + lab.prosodyAddress + ":" + lab.prosodyPort),
                Map.of("prooftypes", "pkix,posh", "pkix.trust-files", lab.caFile.toString()));
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
    @Order(1)
    void aTenantWhoseCertificateNamesOnlyItsHosterIsProvenByPoshRfc7711Section31() {
        lab.host.ping(OURS, TENANT);
        String stream = lab.stream("OUTBOUND", TENANT);
        assertNotNull(stream, () -> lab.host.admin("portcullis:streams") + lab.diagnostics());
        assertTrue(stream.contains("\"prooftype\" : \"posh\""), stream);
        assertTrue(web.hits(TENANT, "/.well-known/posh/xmpp-server.json") >= 1);
    }

    @Test
    @Order(2)
    void theTenantsInboundStreamIsProvenByPoshToo() throws Exception {
        ProsodyServer.PingResult r = lab.ping(TENANT, OURS);
        assertTrue(r.success(), () -> r.output() + lab.diagnostics());
        String stream = lab.stream("INBOUND", TENANT);
        assertNotNull(stream, () -> lab.host.admin("portcullis:streams") + lab.diagnostics());
        assertTrue(stream.contains("\"prooftype\" : \"posh\""), stream);
    }
}
