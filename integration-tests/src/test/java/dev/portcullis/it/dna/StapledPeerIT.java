package dev.portcullis.it.dna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.host.AdminResult;
import dev.portcullis.testkit.host.PortcullisHome;
import dev.portcullis.testkit.ocsp.OpenSslOcspResponder;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * OCSP stapling between two hosts of the real distribution (RFC 6066 §8, RFC 6960): {@code b.test} runs with the
 * host-level JVM option {@code -Djdk.tls.server.enableStatusRequestExtension=true}, so its SunJSSE asks a real {@code
 * openssl ocsp} responder about its own certificate and staples the answer; {@code a.test} (SunJSSE's client sends
 * status_request by default) judges b.test's certificate by that staple. The evidence names its source, so the
 * tests show that the staple, not a fetch of a.test's own, decided.
 */
class StapledPeerIT {
    private static final String A = "a.test";
    private static final String B = "b.test";
    private static final String LOOPBACK = "127.0.0.1";

    private final TestCa ca = TestCa.create("StapledPeerIT CA");
    private OpenSslOcspResponder responder;
    private PortcullisHome a;
    private PortcullisHome b;

    @AfterEach
    void stop() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (responder != null) {
            responder.close();
        }
    }

    private AdminResult pingWithStapling(boolean revoked) throws Exception {
        Path dir = Files.createTempDirectory("stapled-lab-");
        Path caFile = ca.writeCertificate(dir.resolve("ca.pem"));
        responder = new OpenSslOcspResponder(dir.resolve("ocsp"), ca);
        IssuedCertificate certB = ca.issue(B).dnsName(B).xmppAddr(B).ocspUrl(responder.url()).build();
        (revoked ? responder.revoked(certB.certificate()) : responder.good(certB.certificate())).start();
        int portA = ProsodyServer.freePort(LOOPBACK);
        int portB = ProsodyServer.freePort(LOOPBACK);
        a = configure(PortcullisHome.create("staple-a"), caFile, portA, B, portB);
        a.domain(A, ca.issue(A).dnsName(A).xmppAddr(A).build());
        // the verifier logs VERIFIED outcomes with their evidence at DEBUG: show them for this one logger
        Path logging = a.etc().resolve("org.ops4j.pax.logging.cfg");
        Files.writeString(logging, Files.readString(logging) + "\nlog4j2.logger.verifier.name = "
                + "dev.portcullis.dna.DomainVerifierComponent\nlog4j2.logger.verifier.level = DEBUG\n");
        b = configure(PortcullisHome.create("staple-b"), caFile, portB, A, portA);
        b.domain(B, certB);
        b.javaOptions("-Djdk.tls.server.enableStatusRequestExtension=true");
        start(a, A, portA);
        start(b, B, portB);
        return a.adminResult("portcullis:ping " + A + " " + B);
    }

    private static PortcullisHome configure(PortcullisHome h, Path caFile, int port, String peer, int peerPort) {
        h.config("dev.portcullis.server", Map.of("listen", LOOPBACK + ":" + port,
                "routes", peer + "=" + LOOPBACK + ":" + peerPort));
        // SunJSSE staples and hands staples on; Conscrypt (provider = auto's usual choice) does neither
        h.config("dev.portcullis.tls", Map.of("provider", "sun"));
        // no pkix.revocation key: the default (soft-fail) is what is tested
        h.config("dev.portcullis.dna", Map.of("prooftypes", "pkix", "pkix.system-trust", "false",
                "pkix.trust-files", caFile.toString(), "dns.servers", LOOPBACK + ":" + ProsodyServer.freePort(LOOPBACK)));
        return h;
    }

    private static void start(PortcullisHome h, String domain, int port) {
        long mark = h.logPosition();
        h.start();
        h.awaitLogSince(mark, "Serving local domain " + Pattern.quote(domain), Duration.ofSeconds(30));
        h.awaitLogSince(mark, "listening on xmpp://" + Pattern.quote(LOOPBACK) + ":" + port, Duration.ofSeconds(30));
    }

    @Test
    @DisplayName("RFC 6066 §8: a peer's stapled 'good' response proves its status without a fetch of our own")
    void aStapledGoodResponseIsUsedRfc6066Section8() throws Exception {
        AdminResult r = pingWithStapling(false);
        assertTrue(r.ok() && r.stdout().strip().startsWith("pong from " + B),
                () -> r + "\n--- a:\n" + a.log() + "\n--- b:\n" + b.log());
        String streams = a.admin("portcullis:streams --json");
        String verified = a.awaitLog(Pattern.quote(B) + " is verified by pkix: .*", Duration.ofSeconds(10));
        assertTrue(verified.contains("not revoked according to the OCSP response the peer stapled"),
                () -> verified + "\n" + streams);
    }

    @Test
    @DisplayName("RFC 6066 §8, RFC 5280 §6.3: a peer that staples its own 'revoked' response is refused")
    void aStapledRevokedResponseRefusesThePeerRfc6066Section8() throws Exception {
        AdminResult r = pingWithStapling(true);
        assertEquals(1, r.status(), () -> "a revoked peer must not be reached: " + r);
        assertTrue(r.stderr().startsWith("Error: no pong from " + B + ": "), r::toString);
        String refusal = a.awaitLog(Pattern.quote(B) + " is refused: .*revoked.*", Duration.ofSeconds(30));
        assertTrue(refusal.contains("according to the OCSP response the peer stapled"), refusal);
    }
}
