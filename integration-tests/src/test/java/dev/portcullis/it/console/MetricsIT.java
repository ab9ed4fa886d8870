package dev.portcullis.it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The metrics endpoint of the real distribution (docs/METRICS.md): two hosts federate, a.test's
 * {@code /metrics} is scraped and parsed by Prometheus's own {@code promtool}, and its counts match the
 * streams the test opened.
 */
class MetricsIT {
    static TwoHosts lab;

    @BeforeAll
    static void federate() throws Exception {
        lab = new TwoHosts();
        lab.start();
        lab.ping();
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    private static String scrape() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + lab.consolePort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                r.headers().toString());
        return r.body();
    }

    private static ProcessResult promtool(Path input, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (input != null) {
            pb.redirectInput(input.toFile());
        }
        Process p;
        try {
            p = pb.start();
        } catch (java.io.IOException e) {
            throw new AssertionError("promtool is missing: run scripts/install-test-tools (Debian package prometheus)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        return new ProcessResult(p.exitValue(), out);
    }

    record ProcessResult(int exit, String output) {
    }

    @Test
    @DisplayName("/metrics is valid Prometheus text (promtool check metrics) and counts the streams opened (RFC 7590 §3.6)")
    void scrapeCountsTheFederatedStreams() throws Exception {
        String body = scrape();
        Path file = lab.dir.resolve("metrics.txt");
        Files.writeString(file, body);
        ProcessResult check = promtool(file, "check", "metrics");
        assertEquals(0, check.exit(), check.output() + "\n" + body);
        List<String> samples = body.lines().filter(l -> l.startsWith("portcullis_s2s_authenticated_total")).toList();
        assertEquals(List.of(
                "portcullis_s2s_authenticated_total{direction=\"inbound\",method=\"sasl_external\"} 1.0",
                "portcullis_s2s_authenticated_total{direction=\"outbound\",method=\"sasl_external\"} 1.0"),
                samples, body);
        // the two live streams of the ping, one each way, TLS 1.3, SASL EXTERNAL over a PKIX-proven certificate
        List<String> live = body.lines().filter(l -> l.startsWith("portcullis_s2s_streams{")).sorted().toList();
        assertEquals(List.of(
                "portcullis_s2s_streams{direction=\"inbound\",method=\"sasl_external\",prooftype=\"pkix\",tls=\"TLSv1.3\"} 1.0",
                "portcullis_s2s_streams{direction=\"outbound\",method=\"sasl_external\",prooftype=\"pkix\",tls=\"TLSv1.3\"} 1.0"),
                live, body);
    }

    static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
            + "xmlns:stream='http://etherx.jabber.org/streams' from='evil.test' to='a.test' version='1.0'>";

    /** Opens a plaintext connection to a.test, sends {@code bytes} and reads until a.test closes the stream. */
    private static String refusedStream(byte[] bytes) throws Exception {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(TwoHosts.LOOPBACK, lab.portA), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            java.io.ByteArrayOutputStream in = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            while (!in.toString(StandardCharsets.UTF_8).contains("</stream:stream>")) {
                int n = socket.getInputStream().read(buf);
                if (n < 0) {
                    break;
                }
                in.write(buf, 0, n);
            }
            return in.toString(StandardCharsets.UTF_8);
        }
    }

    private static String refusedStream(String text) throws Exception {
        return refusedStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> lines(String body, String prefix) {
        return body.lines().filter(l -> l.startsWith(prefix)).sorted().toList();
    }

    @Test
    @DisplayName("refusals are counted by their clause, exactly: 3 not-well-formed (RFC 6120 §4.9.3.13), "
            + "2 restricted-xml (§4.9.3.18), 1 unsupported-version (§4.9.3.25), 1 dialback before TLS (RFC 7590 §3.1)")
    void refusalsAreCountedByClause() throws Exception {
        for (int i = 0; i < 3; i++) {
            // invalid UTF-8 (RFC 6120 §11.6)
            byte[] bad = (HEADER + "<message>\u00c3(\u00ff</message>").getBytes(StandardCharsets.ISO_8859_1);
            String r = refusedStream(bad);
            assertTrue(r.contains("<not-well-formed "), "§4.9.3.13: " + r);
        }
        for (int i = 0; i < 2; i++) {
            String r = refusedStream(HEADER + "<!-- a comment -->");
            assertTrue(r.contains("<restricted-xml "), "§4.9.3.18: " + r);
        }
        String r = refusedStream(HEADER.replace("version='1.0'>", "version='2.0'>"));
        assertTrue(r.contains("<unsupported-version "), "§4.9.3.25: " + r);
        // a db:result in plaintext, which a.test's policy does not permit: answered, not closed, still a refusal
        r = refusedStream(HEADER.replace("version='1.0'>", "xmlns:db='jabber:server:dialback' version='1.0'>")
                + "<db:result from='evil.test' to='a.test'>00</db:result></stream:stream>");
        assertTrue(r.contains("<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"), "RFC 7590 §3.1: " + r);
        List<String> expected = List.of(
                "portcullis_s2s_refused_total{clause=\"RFC 6120 §4.9.3.13\"} 3.0",
                "portcullis_s2s_refused_total{clause=\"RFC 6120 §4.9.3.18\"} 2.0",
                "portcullis_s2s_refused_total{clause=\"RFC 6120 §4.9.3.25\"} 1.0",
                "portcullis_s2s_refused_total{clause=\"RFC 7590 §3.1\"} 1.0");
        // EventAdmin delivers asynchronously: wait for the seven events, then the counts must be exactly these
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        String body = scrape();
        while (!lines(body, "portcullis_s2s_refused_total").equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            body = scrape();
        }
        assertEquals(expected, lines(body, "portcullis_s2s_refused_total"), body);
        assertEquals(List.of("portcullis_s2s_negotiations_total{outcome=\"authenticated\"} 2.0",
                "portcullis_s2s_negotiations_total{outcome=\"refused\"} 7.0"),
                lines(body, "portcullis_s2s_negotiations_total"), body);
        Path file = lab.dir.resolve("metrics-refused.txt");
        Files.writeString(file, body);
        ProcessResult check = promtool(file, "check", "metrics");
        assertEquals(0, check.exit(), check.output() + "\n" + body);
    }

    @Test
    @DisplayName("handshake and verification latency histograms and our certificate's expiry are exported (promtool-valid)")
    void latencyAndExpiryAreExported() throws Exception {
        String body = scrape();
        // the ping's two streams: one TLS 1.3 handshake each way, one verification each way on a.test
        assertEquals(List.of("portcullis_tls_handshake_duration_seconds_count{direction=\"inbound\",tls=\"TLSv1.3\"} 1",
                "portcullis_tls_handshake_duration_seconds_count{direction=\"outbound\",tls=\"TLSv1.3\"} 1"),
                lines(body, "portcullis_tls_handshake_duration_seconds_count"), body);
        assertEquals(List.of("portcullis_dna_verification_duration_seconds_count{direction=\"inbound\",outcome=\"verified\"} 1",
                "portcullis_dna_verification_duration_seconds_count{direction=\"outbound\",outcome=\"verified\"} 1"),
                lines(body, "portcullis_dna_verification_duration_seconds_count"), body);
        assertEquals(List.of("portcullis_certificate_expiry_timestamp_seconds{domain=\"a.test\"} "
                + (double) lab.certA.certificate().getNotAfter().toInstant().getEpochSecond()),
                lines(body, "portcullis_certificate_expiry_timestamp_seconds"), body);
        assertEquals(List.of("portcullis_peer_certificate_expiry_earliest_timestamp_seconds "
                + (double) lab.certB.certificate().getNotAfter().toInstant().getEpochSecond()),
                lines(body, "portcullis_peer_certificate_expiry_earliest_timestamp_seconds"), body);
    }

    private static HttpResponse<String> get(String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lab.consolePort + "/metrics"));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits (bounded) for FileInstall and ConfigAdmin to hand the new file to the endpoint. */
    private static void awaitStatus(int status, String authorization) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        int last;
        while ((last = get(authorization).statusCode()) != status && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(status, last, "the metrics configuration did not apply");
    }

    @Test
    @DisplayName("with bearer.token.file, /metrics answers 401 without the token and 200 with it (RFC 6750 §2.1)")
    void bearerTokenGuardsTheEndpoint() throws Exception {
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String token = java.util.HexFormat.of().formatHex(random);
        Path file = Files.writeString(lab.dir.resolve("metrics.token"), token + "\n");
        try {
            lab.a.config("dev.portcullis.metrics", java.util.Map.of("bearer.token.file", file.toString(), "remote", "false"));
            awaitStatus(401, null);
            HttpResponse<String> denied = get("Bearer " + token.substring(1));
            assertEquals(401, denied.statusCode());
            assertEquals("Bearer realm=\"portcullis-metrics\"", denied.headers().firstValue("WWW-Authenticate").orElse(null));
            HttpResponse<String> ok = get("Bearer " + token);
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(ok.body().lines().anyMatch(l -> l.startsWith("portcullis_s2s_streams{")), ok.body());
        } finally {
            lab.a.config("dev.portcullis.metrics", java.util.Map.of("remote", "false"));
            awaitStatus(200, null);
        }
    }

    @Test
    @DisplayName("the alert rules' unit tests pass promtool test rules (certificate expiry, refusal spikes, DNSSEC bogus)")
    void alertRulesUnitTestsPass() throws Exception {
        Path tests = Path.of(System.getProperty("user.dir")).resolve("../docs/prometheus-alerts.test.yml").normalize();
        ProcessResult check = promtool(null, "test", "rules", tests.toString());
        assertEquals(0, check.exit(), check.output());
        assertTrue(check.output().contains("SUCCESS"), check.output());
    }

    @Test
    @DisplayName("the documented alert rules pass promtool check rules")
    void alertRulesAreValid() throws Exception {
        Path rules = Path.of(System.getProperty("user.dir")).resolve("../docs/prometheus-alerts.yml").normalize();
        ProcessResult check = promtool(null, "check", "rules", rules.toString());
        assertEquals(0, check.exit(), check.output());
        assertTrue(check.output().contains("SUCCESS: 8 rules found"), check.output());
    }
}
