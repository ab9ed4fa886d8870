package dev.portcullis.it.server;

import static dev.portcullis.it.server.FederationLab.OURS;
import static dev.portcullis.it.server.FederationLab.THEIRS;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.prosody.ProsodyServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Server Dialback with a real Prosody whose certificate our verifier cannot prove (another CA): its inbound
 * stream is authenticated by XEP-0220 dialback, and our receiving role reaches Prosody's authoritative
 * server through the host's {@code OutboundStreams} with one {@code db:verify} (XEP-0220 §2.1.2).
 */
class DialbackIT {
    static FederationLab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = new FederationLab("DialbackIT").withUntrustedPeerCertificate();
        lab.startProsody();
        lab.startHost("dialback", lab.prosodyRoute(), Map.of());
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void unprovenPeerIsAuthenticatedByDialbackThroughOurOutboundStreamsXep0220() throws Exception {
        ProsodyServer.PingResult r = lab.prosody.ping(THEIRS, OURS);
        assertTrue(r.success(), () -> r.output() + "\n" + lab.host.log());
        String json = lab.host.admin("portcullis:streams --json");
        String in = ProsodyFederationIT.streamObject(json, "INBOUND", THEIRS);
        assertNotNull(in, () -> "no inbound stream from " + THEIRS + ":\n" + json + "\n" + r.output() + "\n" + lab.host.log());
        assertTrue(in.contains("\"authMethod\" : \"DIALBACK\""), in);
        assertTrue(in.contains("\"encrypted\" : true"), in);
        // Only dialback produces these: our receiving role's db:verify answered "valid" by Prosody's authoritative
        // role (XEP-0220 §2.1.2), and Prosody's outgoing stream authenticated by our db:result (XEP-0220 §2.2.1).
        String ours = lab.host.log();
        assertTrue(ours.contains("the authoritative server of " + THEIRS + " confirmed the key for " + THEIRS + " -> " + OURS),
                () -> "no db:verify round trip to Prosody in our log:\n" + ours);
        String prosody = lab.prosody.log();
        assertTrue(prosody.contains("verified dialback key... it is valid"),
                () -> "Prosody's authoritative role did not confirm our db:verify:\n" + lab.prosody.logTail(80));
        assertTrue(prosody.contains("connection " + THEIRS + "->" + OURS + " is now authenticated for " + OURS),
                () -> "Prosody's stream to " + OURS + " was not authenticated:\n" + lab.prosody.logTail(80));
    }
}
