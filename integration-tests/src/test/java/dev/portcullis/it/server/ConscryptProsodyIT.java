package dev.portcullis.it.server;

import static dev.portcullis.it.server.FederationLab.OURS;
import static dev.portcullis.it.server.FederationLab.THEIRS;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.prosody.ProsodyServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code provider = conscrypt} in the real distribution (issue 12 item 2): the BoringSSL library embedded in
 * the TLS policy bundle loads in Felix, and a real Prosody 0.12 federates with us over it both ways (STARTTLS,
 * TLS 1.3, SASL EXTERNAL with certificates from one test CA, XEP-0199 pings). An explicit conscrypt that could
 * not load would be refused, so the policy line naming Conscrypt proves the native library loaded.
 */
class ConscryptProsodyIT {
    static FederationLab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = new FederationLab("ConscryptProsodyIT");
        lab.startProsody();
        lab.startHost("conscrypt", lab.prosodyRoute(), Map.of(), Map.of("provider", "conscrypt"));
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @DisplayName("RFC 6120 §5, XEP-0178, XEP-0199: Prosody and we federate both ways over Conscrypt (TLS 1.3, SASL EXTERNAL)")
    void prosodyFederatesWithUsOverConscryptBothWays() throws Exception {
        lab.host.awaitLog("TLS policy in force: profile rfc9325 on Conscrypt,", Duration.ofSeconds(30));
        ProsodyServer.PingResult r = lab.prosody.ping(THEIRS, OURS);
        assertTrue(r.success(), () -> "Prosody's ping of " + OURS + " failed:\n" + r.output()
                + "\n--- our log:\n" + lab.host.log() + "\n--- Prosody log:\n" + lab.prosody.logTail(60));
        lab.host.ping(OURS, THEIRS);   // throws without a pong

        String json = lab.host.admin("portcullis:streams --json");
        for (String direction : new String[] {"INBOUND", "OUTBOUND"}) {
            String stream = ProsodyFederationIT.streamObject(json, direction, THEIRS);
            assertNotNull(stream, () -> "no " + direction + " stream with " + THEIRS + " in:\n" + json);
            assertTrue(stream.contains("\"tlsVersion\" : \"TLSv1.3\""), stream);
            assertTrue(stream.contains("\"authMethod\" : \"SASL_EXTERNAL\""), stream);
            assertTrue(stream.contains("\"prooftype\" : \"pkix\""), stream);
        }
        assertTrue(!lab.host.log().contains("TLS runs on SunJSSE, not Conscrypt"), lab.host.log());
    }
}
