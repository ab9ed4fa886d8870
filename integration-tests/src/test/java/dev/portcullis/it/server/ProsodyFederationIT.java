package dev.portcullis.it.server;

import static dev.portcullis.it.server.FederationLab.OURS;
import static dev.portcullis.it.server.FederationLab.THEIRS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.host.AdminResult;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Federation with a real Prosody 0.12 in both directions: STARTTLS (RFC 6120 §5), certificates from one
 * test CA trusted both ways, SASL EXTERNAL (RFC 6120 §6, XEP-0178), XEP-0199 pings answered each way,
 * and the RFC 7590 §3.6 facts visible in {@code portcullis:streams}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProsodyFederationIT {
    static FederationLab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = new FederationLab("ProsodyFederationIT");
        lab.startProsody();
        lab.startHost("fed", lab.prosodyRoute(), Map.of());
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void prosodyPingsOurDomainAndGetsAPongXep0199() throws Exception {
        ProsodyServer.PingResult r = lab.prosody.ping(THEIRS, OURS);
        assertTrue(r.success(), () -> "Prosody's ping of " + OURS + " failed:\n" + r.output()
                + "\n--- our log:\n" + lab.host.log() + "\n--- Prosody log:\n" + lab.prosody.logTail(60));
        System.out.println("Prosody -> us, first ping (opens both streams): " + r.roundTrip().toMillis() + " ms");
        ProsodyServer.PingResult again = lab.prosody.ping(THEIRS, OURS);
        assertTrue(again.success(), again::output);
        System.out.println("Prosody -> us, ping over established streams: " + again.roundTrip().toNanos() / 1000 + " us");
    }

    @Test
    @Order(2)
    void wePingProsodysDomainAcrossFederationXep0199() {
        Duration rtt = lab.host.ping(OURS, THEIRS);
        System.out.println("us -> Prosody: " + rtt.toNanos() / 1000 + " us");
    }

    /** What scripts rely on: {@code portcullis admin portcullis:ping} exits 0 only with a pong, on stdout. */
    @Test
    @Order(2)
    void theAdminScriptExits0WithExactlyThePongXep0199() {
        AdminResult r = lab.host.adminScript("portcullis:ping", OURS, THEIRS);
        assertEquals(0, r.status(), r::toString);
        assertTrue(r.stdout().matches("pong from " + Pattern.quote(THEIRS) + " in \\d+\\.\\d{3} ms\n"), r::toString);
        assertEquals("", r.stderr(), r::toString);
    }

    /** ... and 1 without one, the reason on stderr: a domain nobody serves is not found (RFC 6120 §8.3.3.16). */
    @Test
    @Order(2)
    void theAdminScriptExits1WithoutAPongAndSaysWhyOnStderr() {
        AdminResult r = lab.host.adminScript("portcullis:ping", OURS, "nowhere.test");
        assertEquals(1, r.status(), r::toString);
        assertEquals("", r.stdout(), r::toString);
        // the DNS part of the reason is the locator's (RFC 6120 §3.2); the frame around it is the command's
        assertTrue(r.stderr().matches("Error: no pong from nowhere\\.test: error from nowhere\\.test: remote-server-not-found"
                + " \\(cannot reach nowhere\\.test: [^\n]+\\)\n"), r::toString);
    }

    @Test
    @Order(3)
    void streamsShowTls13AndSaslExternalBothWaysRfc7590Section3_6() {
        String json = lab.host.admin("portcullis:streams --json");
        for (String direction : new String[] {"INBOUND", "OUTBOUND"}) {
            String stream = streamObject(json, direction, THEIRS);
            assertNotNull(stream, () -> "no " + direction + " stream with " + THEIRS + " in:\n" + json);
            assertTrue(stream.contains("\"encrypted\" : true"), stream);
            assertTrue(stream.contains("\"tlsVersion\" : \"TLSv1.3\""), stream);
            assertTrue(stream.contains("\"authMethod\" : \"SASL_EXTERNAL\""), stream);
            assertTrue(stream.contains("\"prooftype\" : \"pkix\""), stream);
            assertTrue(stream.matches("(?s).*\"certificateSha256\" : \"[0-9A-F:]{95}\".*"), stream);
        }
        String table = lab.host.admin("portcullis:streams");
        assertTrue(table.contains("TLSv1.3") && table.contains("SASL_EXTERNAL"), table);
    }

    @Test
    @Order(4)
    void streamCommandShowsProsodysCertificateChain() {
        String id = lab.streamId("in", THEIRS);
        assertNotNull(id, () -> lab.host.admin("portcullis:streams"));
        String out = lab.host.admin("portcullis:stream " + id);
        assertTrue(out.contains("CN=" + THEIRS), out);
        assertTrue(out.contains("DNS:" + THEIRS), out);
        assertTrue(out.contains("XmppAddr:" + THEIRS), out);
        assertTrue(out.contains("SHA-256:"), out);
        assertTrue(out.contains("CN=ProsodyFederationIT CA"), out);
    }

    @Test
    @Order(5)
    void invalidConfigurationIsRejectedAndThePreviousStaysInForce() throws Exception {
        long pos = lab.host.logPosition();
        lab.host.config("dev.portcullis.server", Map.of("listen", lab.ourAddress + ":5269",
                "routes", THEIRS + "=" + lab.prosodyRoute(), "max.stanza.size", "5"));
        String line = lab.host.awaitLogSince(pos, "Rejected configuration dev\\.portcullis\\.server from .*"
                + "dev\\.portcullis\\.server\\.cfg: max\\.stanza\\.size = 5: .*RFC 6120 §13\\.12.*; the previous "
                + "configuration stays in force", Duration.ofSeconds(15));
        assertTrue(line.contains("ERROR"), line);
        ProsodyServer.PingResult r = lab.prosody.ping(THEIRS, OURS);
        assertTrue(r.success(), r::output);
        lab.host.ping(OURS, THEIRS);
    }

    /** The JSON object of one stream, found by direction and peer. */
    static String streamObject(String json, String direction, String peer) {
        Matcher m = Pattern.compile("\\{[^{}]*?(?:\\{[^{}]*\\}[^{}]*?)*\\}").matcher(json);
        while (m.find()) {
            String o = m.group();
            if (o.contains("\"direction\" : \"" + direction + "\"") && o.contains("\"peerDomain\" : \"" + peer + "\"")) {
                return o;
            }
        }
        return null;
    }

    static void await(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(100);
        }
    }
}
