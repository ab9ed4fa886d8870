package dev.portcullis.it.dialback;

import static dev.portcullis.it.dialback.DialbackLab.OURS;
import static dev.portcullis.it.dialback.DialbackLab.THEIRS;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * XEP-0344 §2.6, the same-certificate shortcut, against a real Prosody 0.12. Neither side trusts the
 * other's certificate. We ping Prosody first, so we hold an outbound stream on which Prosody's server
 * presented its certificate; Prosody's pong then arrives on its own stream with a db:result, and its
 * client certificate is the very one its server presented to us: we answer without a db:verify round trip.
 */
class DialbackSameCertificateIT {
    static DialbackLab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = new DialbackLab("DialbackSameCertificateIT");
        lab.startProsody(false);
        lab.startHost("db-samecert", false, Map.of());
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void theAuthoritativeServersOwnCertificateAnswersTheDbResultXep0344Section26() {
        lab.host.ping(OURS, THEIRS);
        String log = lab.dialbackLog();
        assertTrue(log.contains("the authoritative server of " + THEIRS + " presented the same certificate"),
                () -> "no XEP-0344 §2.6 shortcut in our log:\n" + log + lab.logs());
        assertFalse(log.contains("the authoritative server of " + THEIRS + " confirmed the key"),
                () -> "a db:verify round trip to Prosody happened:\n" + log);
    }
}
