package dev.portcullis.it.dialback;

import static dev.portcullis.it.dialback.DialbackLab.OURS;
import static dev.portcullis.it.dialback.DialbackLab.THEIRS;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.prosody.ProsodyServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mode = never}: with neither certificate trusted, federation with a real Prosody 0.12 is refused,
 * and our log says why, naming the peer and the rule (XEP-0220 §2.5 not-authorized, RFC 7712 §4).
 */
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

    @Test
    void prosodyIsRefusedWithAClearReasonInOurLog() throws Exception {
        ProsodyServer.PingResult r = lab.prosody.ping(THEIRS, OURS);
        assertFalse(r.success(), () -> "Prosody reached us although mode=never:\n" + r.output() + lab.logs());
        String line = lab.awaitOurLog("mode=never.*" + THEIRS.replace(".", "\\.") + "|"
                + THEIRS.replace(".", "\\.") + ".*mode=never", Duration.ofSeconds(20));
        assertTrue(line.contains("proven certificate"), line);
        assertTrue(lab.streamJson("INBOUND", THEIRS) == null
                        || !lab.streamJson("INBOUND", THEIRS).contains("\"authMethod\" : \"DIALBACK\""),
                () -> "an inbound stream was authenticated by dialback:\n" + lab.host.admin("portcullis:streams --json"));
    }

    @Test
    void weDoNotAuthenticateToProsodyByDialback() {
        var result = lab.host.adminResult("portcullis:ping " + OURS + " " + THEIRS);
        assertFalse(result.output().contains("pong from " + THEIRS), () -> result.output() + lab.logs());
        String log = lab.host.log() + lab.host.console();
        assertTrue(log.contains("dialback for " + OURS + " -> " + THEIRS) && log.contains("mode=never"),
                () -> "no refusal naming the outbound pair and mode=never:\n" + result.output() + lab.logs());
    }
}
