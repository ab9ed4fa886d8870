package dev.portcullis.it.server;

import static dev.portcullis.it.server.FederationLab.OURS;
import static dev.portcullis.it.server.FederationLab.THEIRS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.prosody.ProsodyServer;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The security services are bound dynamically: when the TLS policy bundle stops, new connections are
 * refused with the retryable {@code <reset/>} (RFC 6120 §4.9.3.16) while the established streams with
 * Prosody keep working; when it starts again, the next connection uses it at once.
 */
class ServiceHotSwapIT {
    static FederationLab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = new FederationLab("ServiceHotSwapIT");
        lab.startProsody();
        lab.startHost("swap", lab.prosodyRoute(), Map.of());
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    private static String bundleId(String symbolicName) {
        String lb = lab.host.admin("lb -s");
        Matcher m = Pattern.compile("(?m)^\\s*(\\d+)\\s*\\|.*\\|\\s*" + Pattern.quote(symbolicName) + "[\\s(|]").matcher(lb);
        assertTrue(m.find(), () -> "no bundle " + symbolicName + " in:\n" + lb);
        return m.group(1);
    }

    @Test
    void stoppedTlsPolicyRefusesNewStreamsWithResetAndKeepsEstablishedOnesRfc6120Section4_9_3_16() throws Exception {
        ProsodyServer.PingResult first = lab.prosody.ping(THEIRS, OURS);
        assertTrue(first.success(), first::output);
        String inbound = lab.streamId("in", THEIRS);
        String outbound = lab.streamId("out", THEIRS);
        assertNotNull(inbound);
        assertNotNull(outbound);

        String id = bundleId("dev.portcullis.tls-policy");
        long pos = lab.host.logPosition();
        lab.host.admin("stop " + id);
        lab.host.awaitLogSince(pos, "TLS policy service went away", Duration.ofSeconds(10));

        // established streams keep running: their TLS state lives in the host, not in the policy bundle
        ProsodyServer.PingResult during = lab.prosody.ping(THEIRS, OURS);
        assertTrue(during.success(), during::output);
        lab.host.ping(OURS, THEIRS);
        assertEquals(inbound, lab.streamId("in", THEIRS));
        assertEquals(outbound, lab.streamId("out", THEIRS));

        // a new stream needs the policy: refused, retryably
        try (RawPeer p = new RawPeer(lab.ourAddress, lab.ourPort)) {
            p.send(RawPeer.HEADER);
            String r = p.readUntil(">", Duration.ofSeconds(10));
            if (r.contains("<stream:features")) {
                p.readUntil("</stream:features>", Duration.ofSeconds(10));
                p.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
            }
            String all = p.readToEnd(Duration.ofSeconds(10));
            assertTrue(all.contains("<reset xmlns='urn:ietf:params:xml:ns:xmpp-streams'"), all);
        }

        // back again: the next stream uses it at once
        pos = lab.host.logPosition();
        lab.host.admin("start " + id);
        lab.host.awaitLogSince(pos, "TLS policy service bound", Duration.ofSeconds(10));
        try (RawPeer p = new RawPeer(lab.ourAddress, lab.ourPort)) {
            p.send(RawPeer.HEADER);
            p.readUntil("</stream:features>", Duration.ofSeconds(10));
            p.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
            p.readUntil("<proceed", Duration.ofSeconds(10));
        }
        assertEquals(inbound, lab.streamId("in", THEIRS), "the established stream was dropped");
    }
}
