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

    @Test
    @DisplayName("the documented alert rules pass promtool check rules")
    void alertRulesAreValid() throws Exception {
        Path rules = Path.of(System.getProperty("user.dir")).resolve("../docs/prometheus-alerts.yml").normalize();
        ProcessResult check = promtool(null, "check", "rules", rules.toString());
        assertEquals(0, check.exit(), check.output());
        assertTrue(check.output().contains("SUCCESS: 4 rules found"), check.output());
    }
}
