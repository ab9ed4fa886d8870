package dev.portcullis.it.dialback;

import static dev.portcullis.it.dialback.DialbackLab.OURS;
import static dev.portcullis.it.dialback.DialbackLab.THEIRS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.host.AdminResult;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code mode = never}: with neither certificate trusted, federation with a real Prosody 0.12 is refused,
 * and our log says why, naming the peer and the rule (XEP-0220 §2.5 not-authorized, RFC 7712 §4).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DialbackModeNeverIT {
    static DialbackLab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = new DialbackLab("DialbackModeNeverIT");
        lab.startProsody(false);
        lab.startHost("db-never", false, Map.of("mode", "never"));
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    /** Inbound: Prosody (b.test) cannot prove its certificate, and we do not accept its dialback. */
    @Test
    @Order(1)
    void prosodyIsRefusedWithAClearReasonInOurLog() throws Exception {
        ProsodyServer.PingResult r = lab.prosody.ping(THEIRS, OURS);
        assertFalse(r.success(), () -> "Prosody reached us although mode=never:\n" + r.output() + lab.logs());
        String line = lab.awaitOurLog("dialback for b\\.test -> a\\.test on stream \\S+ refused: mode=never",
                Duration.ofSeconds(20));
        assertTrue(line.contains("accepts only a proven certificate"), line);
        String inbound = lab.streamJson("INBOUND", THEIRS);
        assertTrue(inbound == null || !inbound.contains("\"authMethod\" : \"DIALBACK\""),
                () -> "an inbound stream was authenticated by dialback:\n" + inbound);
    }

    /** Outbound: we do not send Prosody a dialback key, and the admin command says why. */
    @Test
    @Order(2)
    void weDoNotAuthenticateToProsodyByDialbackAndSayWhy() {
        AdminResult r = lab.host.adminFailure("portcullis:ping " + OURS + " " + THEIRS);
        assertEquals(1, r.status(), () -> r + lab.logs());
        String err = r.stderr();
        assertTrue(err.startsWith("Error: no pong from " + THEIRS + ": "), () -> r + lab.logs());
        assertTrue(err.contains("dialback for " + OURS + " -> " + THEIRS) && err.contains("mode=never"),
                () -> "the ping's answer does not name the pair and mode=never:\n" + r + lab.logs());
    }

    /** A bad value edited into etc/ at runtime is refused with the team's log line; mode=never stays in force. */
    @Test
    @Order(3)
    void badConfigurationEditIsRejectedAndModeNeverStaysInForce() throws Exception {
        lab.host.config("dev.portcullis.dialback", Map.of("mode", "sometimes"));

        String line = lab.awaitOurLog("Rejected configuration dev\\.portcullis\\.dialback from \\S*"
                + "dev\\.portcullis\\.dialback\\.cfg: mode = sometimes: must be one of fallback, never, allowed; "
                + "the previous configuration stays in force", Duration.ofSeconds(20));

        assertTrue(line.contains("ERROR"), line);
        AdminResult r = lab.host.adminFailure("portcullis:ping " + OURS + " " + THEIRS);
        assertEquals(1, r.status(), () -> r + lab.logs());
        assertTrue(r.stderr().contains("mode=never"), () -> "mode=never is no longer in force:\n" + r + lab.logs());
    }
}
