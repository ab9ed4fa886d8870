package dev.portcullis.it.dialback;

import static dev.portcullis.it.dialback.DialbackLab.OURS;
import static dev.portcullis.it.dialback.DialbackLab.THEIRS;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.prosody.ProsodyServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * RFC 7712 §4.3 "No Mutual PKIX Authentication" against a real Prosody 0.12: Prosody does not trust our
 * certificate and we do not trust Prosody's, so under the default {@code mode = fallback} both directions
 * authenticate by Server Dialback over TLS (XEP-0220, XEP-0344 §2.3), exercising all three roles of ours:
 * receiving (we ask Prosody with db:verify), authoritative (we answer Prosody's db:verify) and originating
 * (our key). An XEP-0199 ping is answered each way.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DialbackFallbackIT {
    static DialbackLab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = new DialbackLab("DialbackFallbackIT");
        lab.startProsody(false);
        lab.startHost("db-fallback", false, Map.of());
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    /** Prosody → us: Prosody originates; we receive and call back Prosody (XEP-0220 §2.2.1, §2.1.2). */
    @Test
    @Order(1)
    void prosodyReachesUsThroughDialbackAndGetsAPongXep0199() throws Exception {
        ProsodyServer.PingResult r = lab.prosody.ping(THEIRS, OURS);
        assertTrue(r.success(), () -> "Prosody's ping of " + OURS + " failed:\n" + r.output() + lab.logs());
        String log = lab.dialbackLog();
        assertTrue(log.contains("the authoritative server of " + THEIRS + " confirmed the key for " + THEIRS + " -> " + OURS),
                () -> "no db:verify round trip to Prosody in our log:\n" + log + lab.logs());
    }

    /** Us → Prosody: we originate; Prosody calls us back and our authoritative role confirms (XEP-0220 §2.2.2). */
    @Test
    @Order(2)
    void weReachProsodyThroughDialbackAndGetAPongXep0199() {
        lab.host.ping(OURS, THEIRS);
        String log = lab.dialbackLog();
        assertTrue(log.contains("confirmed the key in the db:verify from " + THEIRS + " about " + OURS),
                () -> "Prosody did not call back our authoritative role:\n" + log + lab.logs());
    }

    /** RFC 7590 §3.6: the administrator sees both streams encrypted and authenticated by dialback. */
    @Test
    @Order(3)
    void streamsShowDialbackOverTlsBothWays() {
        for (String direction : new String[] {"INBOUND", "OUTBOUND"}) {
            String stream = lab.streamJson(direction, THEIRS);
            assertNotNull(stream, () -> "no " + direction + " stream with " + THEIRS + " in:\n"
                    + lab.host.admin("portcullis:streams --json"));
            assertTrue(stream.contains("\"encrypted\" : true"), stream);
            assertTrue(stream.contains("\"authMethod\" : \"DIALBACK\""), stream);
        }
    }
}
