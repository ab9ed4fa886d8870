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
 * Without a static route our server finds Prosody through the {@code PeerLocator} service: the
 * {@code _xmpp-server._tcp.b.test} SRV record (RFC 6120 §3.2.1) served by a real BIND on loopback.
 */
class PeerLocatorIT {
    static FederationLab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = new FederationLab("PeerLocatorIT");
        lab.theirPublishedPort = ProsodyServer.freePort("127.0.0.1");
        lab.startProsody();
        lab.startHost("locate", null, Map.of());
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void peerIsFoundThroughItsSrvRecordRfc6120Section3_2_1() {
        lab.host.ping(OURS, THEIRS);
        String json = lab.host.admin("portcullis:streams --json");
        String o = ProsodyFederationIT.streamObject(json, "OUTBOUND", THEIRS);
        assertNotNull(o, json);
        assertTrue(o.contains("\"authMethod\" : \"SASL_EXTERNAL\""), o);
        assertTrue(lab.host.log().matches("(?s).*Connected to " + THEIRS + " at 127\\.0\\.0\\.1:" + lab.theirPublishedPort
                + " .*XMPP_SRV.*"), "the SRV target was not used");
    }
}
