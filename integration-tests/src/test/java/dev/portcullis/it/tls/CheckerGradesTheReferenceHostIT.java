package dev.portcullis.it.tls;

import static dev.portcullis.it.tls.TlsLab.EC_DOMAIN;
import static dev.portcullis.it.tls.TlsLab.RSA_DOMAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./portcullis check} (the checker, as its own process) against the running reference host: the
 * default rfc9325 policy grades A; switched to rfc7525 the host accepts TLS 1.2 finite-field DHE (with its
 * RSA certificate), and the checker marks it down for exactly that, citing RFC 9325 §4.1.
 */
class CheckerGradesTheReferenceHostIT {

    @Test
    void theDefaultPolicyGradesAAndRfc7525IsMarkedDownForDheRfc9325Section41() throws Exception {
        try (TlsLab lab = new TlsLab("checkhost", Map.of())) {
            JsonNode report = check(lab, EC_DOMAIN, 0);
            assertEquals("A", report.path("grade").asText(), report.toPrettyString());

            long pos = lab.host.logPosition();
            lab.host.config("dev.portcullis.tls", Map.of("profile", "rfc7525"));
            lab.host.awaitLogSince(pos, "TLS policy in force: profile rfc7525", java.time.Duration.ofSeconds(20));
            // rfc7525's §4.2 suites are RSA-authenticated: the RSA domain is the one TLS 1.2 peers can reach
            JsonNode legacy = check(lab, RSA_DOMAIN, 1); // below --min-grade A
            List<String> findings = new ArrayList<>();
            legacy.path("deductions").forEach(d -> findings.add(d.path("finding").asText() + " | " + d.path("clauses").asText()));
            assertTrue(findings.stream().anyMatch(f -> f.contains("DHE") && f.contains("RFC 9325 §4.1")),
                    "the DHE deduction with its clause: " + findings);
        }
    }

    private static JsonNode check(TlsLab lab, String domain, int expectedExit) throws Exception {
        Path root = Path.of(System.getProperty("portcullis.dist")).getParent().getParent().getParent().getParent();
        Path lib = root.resolve("checker/target/lib");
        Path jar;
        try (var s = Files.list(root.resolve("checker/target"))) {
            jar = s.filter(p -> p.getFileName().toString().matches("portcullis-checker-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("the checker is not built: mvn -B -DskipTests install -pl checker"));
        }
        Path out = Files.createTempFile("check-", ".json");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar + File.pathSeparator + lib.resolve("*"), "dev.portcullis.checker.Main", "--json",
                "--min-grade", "A", "--connect", TlsLab.ADDRESS + ":" + lab.starttlsPort, "--no-dns",
                "--ca", lab.caFile.toString(), domain)
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("the checker did not finish in 3 minutes");
        }
        String json = Files.readString(out);
        assertEquals(expectedExit, p.exitValue(), json);
        return new ObjectMapper().readTree(json);
    }
}
