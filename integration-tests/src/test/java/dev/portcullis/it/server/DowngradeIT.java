package dev.portcullis.it.server;

import static dev.portcullis.it.server.FederationLab.OURS;
import static dev.portcullis.it.server.FederationLab.THEIRS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.host.AdminResult;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * STARTTLS downgrade attacks by a man in the middle between our server and a real Prosody (RFC 7590 §3.1:
 * the initiating entity attempts TLS even when the feature is not offered, and never falls back to
 * plaintext unless the administrator allows it for that peer).
 */
class DowngradeIT {
    FederationLab lab;
    StarttlsStripper proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    private void start(StarttlsStripper.Mode mode, String label) throws Exception {
        lab = new FederationLab(label);
        lab.startProsody();
        proxy = new StarttlsStripper(lab.prosody.address(),
                new InetSocketAddress(lab.prosody.address(), lab.prosody.s2sPort()), mode);
        lab.startHost(label.length() > 8 ? label.substring(0, 8) : label, proxy.address(), Map.of());
    }

    @Test
    void strippedStarttlsFeatureStillNegotiatesTlsRfc7590Section3_1() throws Exception {
        start(StarttlsStripper.Mode.STRIP, "DowngradeStripIT");
        lab.host.ping(OURS, THEIRS);
        assertEquals(1, proxy.featuresStripped.get(), "the proxy did not strip the STARTTLS feature");
        assertTrue(proxy.starttlsSeen.get() >= 1, "our server did not send <starttls/>");
        String json = lab.host.admin("portcullis:streams --json");
        String outbound = ProsodyFederationIT.streamObject(json, "OUTBOUND", THEIRS);
        assertNotNull(outbound, json);
        assertTrue(outbound.contains("\"encrypted\" : true"), outbound);
        assertTrue(outbound.contains("\"tlsVersion\" : \"TLSv1.3\""), outbound);
    }

    @Test
    void starttlsFailureMeansNoFederationInPlaintextAndTheLogSaysWhyRfc7590Section3_1() throws Exception {
        start(StarttlsStripper.Mode.STRIP_AND_FAIL, "DowngradeFailIT");
        long pos = lab.host.logPosition();
        AdminResult r = lab.host.adminFailure("portcullis:ping " + OURS + " " + THEIRS);
        assertEquals(1, r.status(), r::toString);
        assertTrue(r.stderr().startsWith("Error: no pong from " + THEIRS + ": "), r::toString);
        assertTrue(proxy.starttlsSeen.get() >= 1, "our server did not attempt STARTTLS");
        String line = lab.host.awaitLogSince(pos, "(?i)" + THEIRS + ".*(TLS|STARTTLS).*(RFC 7590 §3\\.1)", Duration.ofSeconds(5));
        assertFalse(line.isBlank());
        String json = lab.host.admin("portcullis:streams --json");
        assertFalse(json.contains("\"encrypted\" : false"), () -> "a plaintext stream exists: " + json);
    }
}
