package dev.portcullis.openfire.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Openfire with the plugin federating with a real Prosody 0.12 on loopback: an XEP-0199 ping from Prosody's
 * {@code pr.test} to {@code of.test} and its answer travel over one inbound and one outbound s2s stream of
 * Openfire, each TLS 1.3 and reviewed by the policy, and each authenticated session is put to the domain
 * verifier. Prosody finds Openfire through a hosts file (Openfire listens on port 5269 of its own loopback
 * address), Openfire finds Prosody through {@code dnsutil.dnsOverride}; no DNS server, nothing leaves loopback.
 */
class OpenfireProsodyFederationIT {

    private static final String PROSODY = "pr.test";

    @Test
    @DisplayName("with the plugin, Openfire and Prosody 0.12 federate over TLS 1.3 both ways, each stream reviewed (RFC 8446, RFC 7590 §3.6)")
    void federatesWithProsodyOverTls13BothWays() throws Exception {
        Instant start = Instant.now();
        Path dir = Path.of("target/it/" + getClass().getSimpleName()).toAbsolutePath();
        String openfireAddress = ProsodyServer.freeLoopbackAddress();
        TestCa ca = TestCa.create("Openfire federation CA");
        IssuedCertificate cert = ca.issue(PROSODY).dnsName(PROSODY).xmppAddr(PROSODY).build();
        IssuedCertificate.Pem pem = cert.writePem(dir.resolve("prosody-certs"), PROSODY);
        // Openfire's certificate is the self-signed one its autosetup makes, so Prosody authenticates it with dialback
        Path caPem = ca.writeCertificate(dir.resolve("ca.pem"));
        // Openfire trusts the run's CA, as an administrator adds a CA to resources/security/truststore; without it
        // Openfire's own trust manager ends the TLS handshake with "certificate unknown", plugin or not
        try (ProsodyServer prosody = ProsodyServer.builder(dir.resolve("prosody")).host(PROSODY, pem).caFile(caPem)
                .peer(OpenfireLab.DOMAIN, openfireAddress).secureAuth(false).start();
             OpenfireLab openfire = OpenfireLab.start(dir.resolve("openfire"), true, openfireAddress, 5269,
                     Map.of(PROSODY, "127.0.0.1:" + prosody.s2sPort()),
                     Map.of("portcullis.dna.prooftypes", "pkix",
                             "portcullis.dna.pkix.revocation", "off",
                             "portcullis.dna.dns.servers", "127.0.0.1:9",
                             "portcullis.dna.pkix.trust-files", caPem.toString()), caPem)) {
            openfire.awaitLogCount("Portcullis: s2s TLS policy rfc9325 in force", 1, Duration.ofSeconds(180));

            ProsodyServer.PingResult ping = prosody.ping(PROSODY, OpenfireLab.DOMAIN);
            assertTrue(ping.success(), "ping from pr.test to of.test failed: " + ping.output() + "\nProsody:\n"
                    + prosody.logTail(40) + "\nOpenfire:\n" + OpenfireLab.tail(openfire.log(), 40));

            openfire.awaitLogCount("Portcullis: inbound s2s TLS session with the peer at", 1, Duration.ofSeconds(30));
            openfire.awaitLogCount("Portcullis: outbound s2s TLS session with pr.test at", 1, Duration.ofSeconds(30));
            String log = openfire.log();
            assertTrue(log.lines().anyMatch(l -> l.contains("inbound s2s TLS session") && l.contains("meets profile rfc9325: TLSv1.3 TLS_")),
                    "inbound stream not TLS 1.3:\n" + OpenfireLab.tail(log, 40));
            assertTrue(log.lines().anyMatch(l -> l.contains("outbound s2s TLS session with pr.test") && l.contains("meets profile rfc9325: TLSv1.3 TLS_")),
                    "outbound stream not TLS 1.3:\n" + OpenfireLab.tail(log, 40));
            // the domain verifier saw the outbound session's chain for pr.test and proved it with the run's CA (RFC 7712);
            // Openfire does not dispatch its session event for the inbound SASL EXTERNAL session (README, matrix)
            openfire.awaitLogCount("Portcullis: s2s session to pr.test: VERIFIED", 1, Duration.ofSeconds(30));
            System.out.println("[timing] " + getClass().getSimpleName() + " took " + Duration.between(start, Instant.now()).toMillis() + " ms");
        }
    }
}
