package dev.portcullis.it.server;

import static dev.portcullis.it.server.FederationLab.OURS;
import static dev.portcullis.it.server.FederationLab.THEIRS;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.host.AdminResult;
import dev.portcullis.testkit.ocsp.OpenSslOcspResponder;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The running distribution, with no revocation setting at all, refuses a real Prosody whose certificate its CA
 * has revoked (RFC 6120 §13.7.2 step 5, RFC 5280 §6.3): the certificate names a real {@code openssl ocsp}
 * responder on loopback (RFC 6960) that answers "revoked", and dialback (mode = fallback) must not let it in.
 */
class RevokedPeerIT {
    static FederationLab lab;
    static OpenSslOcspResponder responder;

    @BeforeAll
    static void start() throws Exception {
        lab = new FederationLab("RevokedPeerIT");
        responder = new OpenSslOcspResponder(lab.dir.resolve("ocsp"), lab.ca);
        lab.theirCert = lab.ca.issue(THEIRS).dnsName(THEIRS).xmppAddr(THEIRS).ocspUrl(responder.url()).build();
        responder.revoked(lab.theirCert.certificate()).start();
        lab.startProsody();
        lab.startHost("revoked", lab.prosodyRoute(), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (lab != null) {
            lab.close();
        }
        if (responder != null) {
            responder.close();
        }
    }

    @Test
    @DisplayName("RFC 6120 §13.7.2 step 5: we do not federate out to a peer whose certificate is revoked")
    void outboundToARevokedPeerIsRefusedRfc6120Section1372() {
        long mark = lab.host.logPosition();
        AdminResult r = lab.host.adminFailure("portcullis:ping " + OURS + " " + THEIRS);
        assertTrue(r.stderr().startsWith("Error: no pong from " + THEIRS + ": "), () -> "a revoked peer must not be reached: " + r);
        String refusal = lab.host.awaitLogSince(mark, Pattern.quote(THEIRS) + " is refused: .*revoked.*",
                Duration.ofSeconds(30));
        // the first of the two tests asks the responder; the second may use its answer from the cache
        assertTrue(refusal.contains("according to the OCSP responder " + responder.url())
                || refusal.contains("according to a cached OCSP response"), refusal);
        assertTrue(refusal.contains("RFC 6960 §2.2, RFC 5280 §6.3"), refusal);
        assertNull(lab.streamId("out", THEIRS), () -> lab.host.admin("portcullis:streams"));
    }

    @Test
    @DisplayName("RFC 6120 §13.7.2 step 5: a peer whose certificate is revoked cannot federate in, not even by dialback")
    void inboundFromARevokedPeerIsRefusedRfc6120Section1372() throws Exception {
        long mark = lab.host.logPosition();
        ProsodyServer.PingResult r = lab.prosody.ping(THEIRS, OURS);
        assertFalse(r.success(), () -> "a revoked peer must not get a pong: " + r.output());
        String refusal = lab.host.awaitLogSince(mark, Pattern.quote(THEIRS) + " is refused: .*revoked.*",
                Duration.ofSeconds(30));
        assertTrue(refusal.contains("according to the OCSP responder " + responder.url())
                || refusal.contains("according to a cached OCSP response"), refusal);
        assertTrue(refusal.contains("RFC 6960 §2.2, RFC 5280 §6.3"), refusal);
        assertNull(lab.streamId("in", THEIRS), () -> lab.host.admin("portcullis:streams"));
    }
}
