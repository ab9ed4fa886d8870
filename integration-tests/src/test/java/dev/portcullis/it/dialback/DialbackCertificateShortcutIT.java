package dev.portcullis.it.dialback;

import static dev.portcullis.it.dialback.DialbackLab.OURS;
import static dev.portcullis.it.dialback.DialbackLab.THEIRS;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * XEP-0344 §2.4 "dialback without dialback" against a real Prosody 0.12: we trust Prosody's certificate,
 * Prosody authenticates by dialback (its SASL module is not loaded, so it sends a db:result even though we
 * offer SASL EXTERNAL), and we answer from the proven certificate without calling Prosody back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DialbackCertificateShortcutIT {
    static DialbackLab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = new DialbackLab("DialbackCertificateShortcutIT");
        lab.startProsody(true, "tls", "dialback", "disco", "ping", "admin_shell");
        lab.startHost("db-shortcut", true, Map.of());
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void prosodysDialbackIsAnsweredFromItsProvenCertificateXep0344Section24() throws Exception {
        ProsodyServer.PingResult r = lab.prosody.ping(THEIRS, OURS);
        assertTrue(r.success(), () -> "Prosody's ping of " + OURS + " failed:\n" + r.output() + lab.logs());

        String log = lab.dialbackLog();
        assertTrue(log.contains("the certificate of " + THEIRS + " was proven by pkix: the db:result for " + THEIRS
                + " -> " + OURS), () -> "no XEP-0344 shortcut in our log:\n" + log + lab.logs());
        assertFalse(log.contains("the authoritative server of " + THEIRS),
                () -> "a db:verify round trip to Prosody happened:\n" + log);
    }

    /** RFC 7590 §3.6: the administrator sees how the peer was authenticated. */
    @Test
    @Order(2)
    void inboundStreamShowsDialbackWithCertificate() {
        String stream = lab.streamJson("INBOUND", THEIRS);
        assertNotNull(stream, () -> lab.host.admin("portcullis:streams --json"));
        assertTrue(stream.contains("\"authMethod\" : \"DIALBACK_WITH_CERTIFICATE\""), stream);
        assertTrue(stream.contains("\"prooftype\" : \"pkix\""), stream);
    }

    @Test
    @Order(3)
    void weReachProsodyAndGetAPongXep0199() {
        lab.host.ping(OURS, THEIRS);
    }
}
