package dev.portcullis.openfire.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Openfire with the plugin federating with a real Prosody 0.12 on loopback. An XEP-0199 ping from Prosody's
 * {@code pr.test} to {@code of.test} and its answer travel over one inbound and one outbound s2s stream of
 * Openfire. Prosody finds Openfire through a hosts file (Openfire listens on port 5269 of its own loopback
 * address), Openfire finds Prosody through {@code dnsutil.dnsOverride}; no DNS server, nothing leaves loopback.
 * Openfire and the domain verifier trust the run's CA; the certificate memory runs with
 * {@code on-certificate-change = require-proof}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenfireProsodyFederationIT {

    private static final String PROSODY = "pr.test";

    private final Path dir = Path.of("target/it/" + getClass().getSimpleName()).toAbsolutePath();
    private Instant start;
    private TestCa ca;
    private Path caPem;
    private String openfireAddress;
    private ProsodyServer prosody;
    private OpenfireLab openfire;

    @BeforeAll
    void startPeers() throws Exception {
        start = Instant.now();
        java.nio.file.Files.createDirectories(dir);
        openfireAddress = ProsodyServer.freeLoopbackAddress();
        ca = TestCa.create("Openfire federation CA");
        caPem = ca.writeCertificate(dir.resolve("ca.pem"));
        IssuedCertificate cert = ca.issue(PROSODY).dnsName(PROSODY).xmppAddr(PROSODY).build();
        // Openfire trusts the run's CA, as an administrator adds a CA to resources/security/truststore; without it
        // Openfire's own trust manager ends the TLS handshake with "certificate unknown", plugin or not.
        // Openfire's certificate is its autosetup's self-signed one, so Prosody authenticates it with dialback.
        prosody = prosody(cert, 0);
        openfire = OpenfireLab.start(dir.resolve("openfire"), true, openfireAddress, 5269,
                Map.of(PROSODY, "127.0.0.1:" + prosody.s2sPort()),
                Map.of("portcullis.dna.prooftypes", "pkix",
                        "portcullis.dna.pkix.revocation", "off",
                        "portcullis.dna.dns.servers", "127.0.0.1:9",
                        "portcullis.dna.pkix.trust-files", caPem.toString(),
                        "portcullis.dna.on-certificate-change", "require-proof"), caPem);
        openfire.awaitLogCount("Portcullis: s2s TLS policy rfc9325 in force", 1, Duration.ofSeconds(180));
    }

    @AfterAll
    void stopPeers() {
        if (openfire != null) {
            openfire.close();
        }
        if (prosody != null) {
            prosody.close();
        }
        System.out.println("[timing] " + getClass().getSimpleName() + " took " + Duration.between(start, Instant.now()).toMillis() + " ms");
    }

    @Order(1)
    @Test
    @DisplayName("with the plugin, Openfire and Prosody 0.12 federate over TLS 1.3 both ways, each stream reviewed (RFC 8446, RFC 7590 §3.6)")
    void federatesWithProsodyOverTls13BothWays() throws Exception {
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
        // the domain verifier saw both sessions' chains for pr.test and proved them with the run's CA (RFC 7712), so
        // the certificate memory now holds it (the inbound one is found by IncomingSessionWatcher)
        openfire.awaitLogCount("Portcullis: s2s session to pr.test: VERIFIED", 1, Duration.ofSeconds(30));
        openfire.awaitLogCount("Portcullis: s2s session from pr.test: VERIFIED", 1, Duration.ofSeconds(30));
    }

    @Order(2)
    @Test
    @DisplayName("the admin-console page lists both s2s sessions with their TLS 1.3 facts and pr.test in the certificate memory (RFC 7590 §3.6), for a logged-in admin only")
    void adminPageShowsSessionsAndCertificateMemory() throws Exception {
        AdminConsole console = new AdminConsole(openfireAddress, openfire.adminPort());
        String page = "/plugins/portcullis-openfire/portcullis-sessions.jsp";
        java.net.http.HttpResponse<String> anonymous = console.get(page);
        assertTrue(anonymous.statusCode() == 302 && !anonymous.body().contains("portcullis-sessions\""),
                "the page must need the admin login: HTTP " + anonymous.statusCode());
        console.login("admin", "admin");
        java.net.http.HttpResponse<String> r = console.get(page);
        String body = r.body();
        assertTrue(r.statusCode() == 200, "HTTP " + r.statusCode() + "\n" + body);
        assertTrue(body.contains("<tr><td>outbound</td><td>of.test</td><td>pr.test</td>"), body);
        assertTrue(body.contains("<tr><td>inbound</td><td>of.test</td><td>pr.test</td>"), body);
        assertTrue(body.contains("TLSv1.3 TLS_AES_"), body);
        assertTrue(body.contains("CN=pr.test"), body);
        String memory = body.substring(body.indexOf("id=\"portcullis-memory\""));
        assertTrue(memory.contains("<tr><td>pr.test</td>"), body);
    }

    @Order(3)
    @Test
    @DisplayName("pr.test comes back over a new key that proves nothing: Openfire accepts it, the certificate memory (require-proof) vetoes its inbound session with <policy-violation/> (RFC 7590 §3.6, RFC 7712 §4)")
    void unprovenNewCertificateVetoedUnderRequireProof() throws Exception {
        prosody.close();
        // same CA (Openfire's trust manager accepts it in the handshake), but naming another domain: no prooftype
        // proves it for pr.test, so Openfire falls back to dialback, which succeeds
        IssuedCertificate other = ca.issue("other.test").dnsName("other.test").build();
        prosody = prosody(other, prosody.s2sPort());
        String inbound = "Portcullis: closing the inbound s2s session from pr.test with <policy-violation/>";
        String outbound = "Portcullis: closing the outbound s2s session to pr.test with <policy-violation/>";
        int before = openfire.count(inbound);
        ProsodyServer.PingResult ping = prosody.ping(PROSODY, OpenfireLab.DOMAIN);
        openfire.awaitLogCount(inbound, before + 1, Duration.ofSeconds(60));
        String veto = openfire.log().lines().filter(l -> l.contains(inbound)).reduce((a, b) -> b).orElseThrow();
        assertTrue(veto.contains("(RFC 7712 §4, RFC 7673 §3)"), veto);
        assertTrue(prosody.awaitLog("Session closed by remote with error: policy-violation", Duration.ofSeconds(30)),
                "Prosody did not see the stream error:\n" + prosody.logTail(30));
        System.out.println("[result] outbound session to pr.test vetoed too: " + (openfire.count(outbound) > 0));
        // After the fact: Openfire had accepted the session, so the ping was answered before the veto (README)
        System.out.println("[result] ping after the certificate change: " + (ping.success() ? "answered" : "failed") + "; " + veto);
    }

    private ProsodyServer prosody(IssuedCertificate cert, int port) throws Exception {
        IssuedCertificate.Pem pem = cert.writePem(dir.resolve("prosody-certs-" + cert.certificate().getSerialNumber()), PROSODY);
        return ProsodyServer.builder(dir.resolve("prosody")).host(PROSODY, pem).caFile(caPem)
                .listen("127.0.0.1", port).peer(OpenfireLab.DOMAIN, openfireAddress).secureAuth(false).start();
    }
}
