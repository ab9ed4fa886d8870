package dev.portcullis.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TlsContexts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Peer-controlled text against the running distribution (CWE-117, RFC 6120 §4.9.3): a raw socket peer
 * writes bytes to the real host, and each test asserts the exact stream error the peer gets back and what the
 * host's log file gained — one WARN line per event, no ERROR, no forged line, bounded bytes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PeerTextIT {
    /** A log line as the distribution writes it: ISO 8601 time, level (etc/org.ops4j.pax.logging.cfg). */
    private static final Pattern LOG_LINE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d,\\d{3} (\\w+)\\s");
    static FederationLab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = new FederationLab("PeerTextIT");
        lab.startHost("peertext", null, Map.of("negotiation.timeout", "120", "negotiation.max.elements", "500"));
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    private RawPeer peer() throws IOException {
        return new RawPeer(lab.ourAddress, lab.ourPort);
    }

    private static void assertStreamError(String condition, String received) {
        assertTrue(received.contains("<stream:error><" + condition + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"),
                () -> "expected <" + condition + "/>, received: " + received);
        assertTrue(received.endsWith("</stream:stream>"), received);
    }

    /** The log's lines written after {@code mark}, once the host has logged a line matching {@code last}. */
    private static List<String> linesSince(long mark, String last) throws InterruptedException {
        lab.host.awaitLogSince(mark, last, Duration.ofSeconds(15));
        Thread.sleep(500); // anything the same event logs after the awaited line
        byte[] all;
        try {
            all = java.nio.file.Files.readAllBytes(lab.host.logFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new String(all, (int) mark, all.length - (int) mark, StandardCharsets.UTF_8).lines().toList();
    }

    private static List<String> level(List<String> lines, String level) {
        return lines.stream().filter(l -> {
            var m = LOG_LINE.matcher(l);
            return m.find() && m.group(1).equals(level);
        }).toList();
    }

    private static void assertNoErrorNorStackTrace(List<String> lines) {
        assertEquals(List.of(), level(lines, "ERROR"), "no ERROR line");
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("\tat ") || l.startsWith("java.")), () -> "no stack trace:\n"
                + String.join("\n", lines));
    }

    @Order(1)
    @Test
    @DisplayName("U+FFFE in a stanza before TLS gets <not-well-formed/> and one WARN line (RFC 6120 §4.9.3.13, §11.6)")
    void nonCharacterInStanzaGetsNotWellFormed_Rfc6120_11_6() throws Exception {
        for (String bytes : List.of("<message><body>\uFFFE</body></message>", "<message to='\uFFFF'/>")) {
            long mark = lab.host.logPosition();
            String received;
            try (RawPeer p = peer()) {
                p.send(RawPeer.HEADER);
                p.send(bytes.getBytes(StandardCharsets.UTF_8)); // EF BF BE / EF BF BF on the wire
                received = p.readToEnd(Duration.ofSeconds(10));
            }
            assertStreamError("not-well-formed", received);
            assertFalse(received.contains("system-shutdown") || received.contains("internal-server-error"), received);
            List<String> lines = linesSince(mark, "not-well-formed");
            assertNoErrorNorStackTrace(lines);
            List<String> warn = level(lines, "WARN");
            assertEquals(1, warn.size(), () -> "exactly one WARN line:\n" + String.join("\n", lines));
            assertTrue(warn.get(0).contains("<not-well-formed/>") && warn.get(0).contains("RFC 6120 §4.9.3.13"), warn.get(0));
        }
    }

    @Order(2)
    @Test
    @DisplayName("a &#10; in a header's 'to' forges no log line (CWE-117)")
    void newlineInStreamHeaderForgesNoLogLine_Cwe117() throws Exception {
        String forged = "x.test&#10;2026-12-07T00:00:00,000 INFO  [main] dev.portcullis - FORGED by the peer";
        long mark = lab.host.logPosition();
        String received;
        try (RawPeer p = peer()) {
            p.send(RawPeer.HEADER.replace("to='a.test'", "to='" + forged + "'"));
            received = p.readToEnd(Duration.ofSeconds(10));
        }
        assertStreamError("host-unknown", received);
        List<String> lines = linesSince(mark, "host-unknown");
        assertNoErrorNorStackTrace(lines);
        // the domain is lower-cased before it is judged; a forged line would start with the peer's time stamp
        assertFalse(lines.stream().anyMatch(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("2026-12-07t00:00:00")),
                () -> String.join("\n", lines));
        List<String> warn = level(lines, "WARN");
        assertEquals(1, warn.size(), () -> String.join("\n", lines));
        assertTrue(warn.get(0).contains("x.test\\n2026-12-07t00:00:00,000 info"), "escaped on the peer's line: " + warn.get(0));
    }

    @Order(3)
    @Test
    @DisplayName("a peer's stream error <text/> with &#13;&#10; forges no log line (CWE-117)")
    void newlineInPeersStreamErrorTextForgesNoLogLine_Cwe117() throws Exception {
        long mark = lab.host.logPosition();
        try (RawPeer p = peer()) {
            p.send(RawPeer.HEADER);
            p.readFeatures(Duration.ofSeconds(10));
            p.send("<stream:error><undefined-condition xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                    + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>bye&#13;&#10;2026-12-07T00:00:01,000 ERROR [main] "
                    + "FORGED&#x2028;hidden</text></stream:error></stream:stream>");
            String received = p.readToEnd(Duration.ofSeconds(10));
            assertTrue(received.endsWith("</stream:stream>"), received);
        }
        List<String> lines = linesSince(mark, "undefined-condition");
        assertNoErrorNorStackTrace(lines);
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("2026-12-07T00:00:01")), () -> String.join("\n", lines));
        String warn = level(lines, "WARN").get(0);
        assertTrue(warn.contains("bye\\r\\n2026-12-07T00:00:01,000 ERROR [main] FORGED\\u2028hidden"), warn);
    }

    @Order(4)
    @Test
    @DisplayName("a 400 kB 'to' costs the log a bounded line, not 0.8 MB (CWE-117)")
    void hugeAttributeIsBoundedInTheLog() throws Exception {
        long mark = lab.host.logPosition();
        String received;
        try (RawPeer p = peer()) {
            p.send(RawPeer.HEADER.replace("to='a.test'", "to='" + "a".repeat(400_000) + ".test'"));
            received = p.readToEnd(Duration.ofSeconds(20));
        }
        assertStreamError("host-unknown", received);
        int text = received.indexOf("<text");
        assertTrue(received.length() - text < 1000, "the peer's <text/> is bounded too");
        List<String> lines = linesSince(mark, "host-unknown");
        long bytes = lines.stream().mapToLong(l -> l.getBytes(StandardCharsets.UTF_8).length + 1).sum();
        System.out.println("400 kB 'to': " + bytes + " log bytes for the connection (" + lines.size() + " line(s))");
        assertTrue(bytes < 4096, () -> bytes + " log bytes:\n" + String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.contains("…[truncated: ")), () -> String.join("\n", lines));
    }

    @Order(5)
    @Test
    @DisplayName("5,000 unsolicited db:verify: closed at the budget, at most 20 WARN lines, then one summary (CWE-117, CWE-779)")
    void unsolicitedVerifyFloodIsRateLimitedAndClosedAtTheBudget_Rfc6120_4_9_3_14() throws Exception {
        IssuedCertificate evil = lab.ca.issue("evil.test").dnsName("evil.test").build();
        long mark = lab.host.logPosition();
        String received;
        try (RawPeer p = peer()) {
            p.send(RawPeer.HEADER);
            p.readFeatures(Duration.ofSeconds(10));
            p.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
            p.readUntil("<proceed", Duration.ofSeconds(10));
            SSLSocket tls = (SSLSocket) tlsContext(evil).getSocketFactory()
                    .createSocket(p.socket, lab.ourAddress, lab.ourPort, true);
            tls.setUseClientMode(true);
            tls.startHandshake();
            p.socket = tls;
            p.clear();
            p.send(RawPeer.HEADER);
            p.readFeatures(Duration.ofSeconds(10));
            StringBuilder flood = new StringBuilder();
            for (int i = 0; i < 5000; i++) {
                flood.append("<db:verify from='evil.test' to='a.test' id='forged").append(i).append("'>")
                        .append("0".repeat(64)).append("</db:verify>");
            }
            try {
                p.send(flood.toString());
            } catch (IOException e) {
                // the server closes while we are still writing
            }
            received = p.readToEnd(Duration.ofSeconds(30));
        }
        assertStreamError("policy-violation", received);
        assertTrue(received.split("<db:verify ", -1).length - 1 <= 500, "no more than the budget was answered");
        List<String> lines = linesSince(mark, "policy-violation");
        assertNoErrorNorStackTrace(lines);
        List<String> warn = level(lines, "WARN");
        System.out.println("5,000 db:verify: " + warn.size() + " WARN line(s), " + lines.size() + " line(s) in all");
        assertTrue(warn.size() <= 21, () -> warn.size() + " WARN lines:\n" + String.join("\n", warn));
        assertTrue(warn.stream().anyMatch(l -> l.contains("more than 500 elements without authenticating")),
                () -> String.join("\n", warn));
        // the window of the rate limit ends a minute after its first line: one summary names the rest
        String summary = lab.host.awaitLogSince(mark, "\\d+ similar lines from 127\\.0\\.0\\.1 suppressed in the last "
                + "minute \\(dialback invalid\\)", Duration.ofSeconds(90));
        assertTrue(summary.contains(" WARN "), summary);
    }

    private SSLContext tlsContext(IssuedCertificate client) throws Exception {
        return TlsContexts.of(client, lab.ca.certificate());
    }
}
