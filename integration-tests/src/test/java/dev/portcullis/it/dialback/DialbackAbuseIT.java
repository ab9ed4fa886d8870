package dev.portcullis.it.dialback;

import static dev.portcullis.it.dialback.DialbackLab.OURS;
import static dev.portcullis.it.dialback.DialbackLab.THEIRS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.prosody.ProsodyServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile initiating servers against our receiving role, with real authoritative servers behind it: a forged
 * key for Prosody's domain that Prosody itself denies (XEP-0220 §2.2.1), a claimed domain whose authoritative
 * server accepts the connection and then says nothing (remote-server-timeout, XEP-0220 §2.5), and one whose
 * authoritative server cannot be reached at all.
 */
class DialbackAbuseIT {
    static final String SILENT = "silent.test";
    static final String UNREACHABLE = "unreachable.test";

    static DialbackLab lab;
    static ServerSocket silentServer;
    static final List<Socket> held = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        lab = new DialbackLab("DialbackAbuseIT");
        lab.startProsody(false);
        // Accepts TCP connections and never sends a byte: an authoritative server that hangs.
        silentServer = new ServerSocket();
        silentServer.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread acceptor = new Thread(() -> {
            while (!silentServer.isClosed()) {
                try {
                    held.add(silentServer.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        }, "silent-authoritative-server");
        acceptor.setDaemon(true);
        acceptor.start();
        int closedPort = ProsodyServer.freePort("127.0.0.1");
        lab.startHost("db-abuse", false, Map.of("verify.timeout", "PT2S"),
                SILENT + "=127.0.0.1:" + silentServer.getLocalPort() + ", " + UNREACHABLE + "=127.0.0.1:" + closedPort);
    }

    @AfterAll
    static void stop() throws IOException {
        if (lab != null) {
            lab.close();
        }
        if (silentServer != null) {
            silentServer.close();
        }
        for (Socket s : held) {
            s.close();
        }
    }

    /** XEP-0220 §2.2.1: "the Initiating Server is ... attempting to spoof the Sender Domain"; we log the attempt. */
    @Test
    void forgedKeyForProsodysDomainIsDeniedByProsodyAndAnsweredInvalid() throws Exception {
        try (Impostor impostor = Impostor.connect(lab.ourAddress, lab.ourPort, THEIRS, OURS)) {
            impostor.sendResult(randomKey());

            String answer = impostor.readUntil("type='invalid'", Duration.ofSeconds(20));

            assertTrue(answer.contains("<db:result") && answer.contains("from='" + OURS + "'"), answer);
            // the host's one line for the attempt (the dialback bundle itself only debugs)
            String line = lab.awaitOurLog(Pattern.quote(THEIRS) + " \\[XEP-0220 [^]]*\\] dialback key for .* is invalid: "
                    + ".*\\(stream " + Pattern.quote(impostor.streamId) + "\\)", Duration.ofSeconds(10));
            assertTrue(line.contains("spoofing " + THEIRS), line);
            assertTrue(lab.prosody.awaitLog("An imposter is claiming to be", Duration.ofSeconds(5)),
                    "Prosody, the authoritative server, was asked and denied the key:\n" + lab.prosody.logTail(40));
        }
    }

    /**
     * XEP-0220 §2.2.1: each invalid key counts once. The dialback bundle posts {@code dialback/INVALID} and the
     * result for the same key, and the host logs it without posting it again, so the counter of invalid keys
     * equals the invalid dialback results (before the fix it counted each key twice).
     */
    @Test
    void eachInvalidKeyIsCountedOnceInTheMetrics_xep0220_2_2_1() throws Exception {
        try (Impostor impostor = Impostor.connect(lab.ourAddress, lab.ourPort, THEIRS, OURS)) {
            impostor.sendResult(randomKey()).readUntil("type='invalid'", Duration.ofSeconds(20));
            lab.awaitOurLog(Pattern.quote(THEIRS) + " \\[XEP-0220 [^]]*\\] dialback key for .* is invalid: .*\\(stream "
                    + Pattern.quote(impostor.streamId) + "\\)", Duration.ofSeconds(10));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (invalidResults(lab.metrics()) < 1 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        // EventAdmin delivers asynchronously and from more than one poster: let a second event for the same
        // key arrive, if there is one, before comparing
        Thread.sleep(1000);
        List<String> samples = lab.metrics().stream()
                .filter(l -> l.startsWith("portcullis_dialback_") || l.startsWith("portcullis_s2s_negotiations_")).toList();
        double invalid = invalidResults(samples);
        assertTrue(invalid >= 1, samples::toString);
        assertEquals(invalid, sample(samples, "portcullis_dialback_invalid_total "), samples::toString);
        assertEquals(invalid, sample(samples, "portcullis_s2s_negotiations_total{outcome=\"dialback_invalid\"} "),
                samples::toString);
    }

    /** Keys decided invalid, in either role (receiving: db:result, authoritative: db:verify; XEP-0220 §2.1). */
    private static double invalidResults(List<String> samples) {
        return samples.stream().filter(l -> l.startsWith("portcullis_dialback_results_total{")
                && l.contains("result=\"invalid\"")).mapToDouble(l -> Double.parseDouble(
                l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static double sample(List<String> samples, String prefix) {
        return samples.stream().filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(
                l.substring(prefix.length()).trim())).sum();
    }

    /**
     * XEP-0185 §2: a key binds a domain pair to one stream, so the same key on a second stream was copied; it is
     * answered invalid without asking the authoritative server again.
     */
    @Test
    void replayedKeyOnASecondStreamIsInvalidWithoutAskingProsodyAgain() throws Exception {
        String key = randomKey();
        try (Impostor first = Impostor.connect(lab.ourAddress, lab.ourPort, THEIRS, OURS)) {
            first.sendResult(key).readUntil("type='invalid'", Duration.ofSeconds(20));
        }
        long denials = imposterLines();
        try (Impostor second = Impostor.connect(lab.ourAddress, lab.ourPort, THEIRS, OURS)) {
            second.sendResult(key).readUntil("type='invalid'", Duration.ofSeconds(20));
            lab.awaitOurLog(Pattern.quote(THEIRS) + " \\[XEP-0220 [^]]*\\] dialback key for .*already presented.*"
                    + "\\(stream " + Pattern.quote(second.streamId) + "\\)", Duration.ofSeconds(10));
        }
        assertEquals(denials, imposterLines(), "Prosody was not asked about the replayed key");
    }

    private static long imposterLines() {
        return lab.prosody.log().lines().filter(l -> l.contains("An imposter is claiming to be")).count();
    }

    private static String randomKey() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    /** XEP-0220 §2.5 remote-server-timeout after verify.timeout (here PT2S), not the host's 30 s negotiation timeout. */
    @Test
    void silentAuthoritativeServerIsRemoteServerTimeoutAfterVerifyTimeout() throws Exception {
        try (Impostor impostor = Impostor.connect(lab.ourAddress, lab.ourPort, SILENT, OURS)) {
            long start = System.nanoTime();
            impostor.sendResult(randomKey());

            String answer = impostor.readUntil("</db:result>", Duration.ofSeconds(15));

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(answer.contains("type='error'") && answer.contains("<remote-server-timeout"), answer);
            assertTrue(took.compareTo(Duration.ofMillis(1900)) >= 0 && took.compareTo(Duration.ofSeconds(10)) < 0,
                    "answered after " + took);
            lab.awaitOurLog("did not answer the db:verify for " + Pattern.quote(SILENT) + ".*verify\\.timeout",
                    Duration.ofSeconds(5));
        }
    }

    /** XEP-0220 §2.5: the authoritative server cannot be reached; the answer says so, promptly. */
    @Test
    void unreachableAuthoritativeServerIsAnsweredWithAnErrorNotSilence() throws Exception {
        try (Impostor impostor = Impostor.connect(lab.ourAddress, lab.ourPort, UNREACHABLE, OURS)) {
            impostor.sendResult(randomKey());

            String answer = impostor.readUntil("</db:result>", Duration.ofSeconds(15));

            assertTrue(answer.contains("type='error'") && (answer.contains("<remote-connection-failed")
                    || answer.contains("<remote-server-not-found")), answer);
        }
    }
}
