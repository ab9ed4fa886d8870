package dev.portcullis.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RESULTS.md's verdicts come from the measured columns, including a column the host refused to run. */
class ReportTest {
    private static final String REFUSAL = "2026-12-08T00:11:19,224 ERROR [CM Configuration Updater] "
            + "dev.portcullis.tls.TlsPolicyComponent - Rejected configuration dev.portcullis.tls from file:/x.cfg: "
            + "provider = conscrypt: unknown JSSE provider; use sun or bc; there is no valid TLS configuration yet, so";

    private static ColumnResult.Phase phase(int ok, long serverCpuMs) {
        Generator.Run run = new Generator.Run(ok, ok, 0, List.of(1_000_000L), 1_000_000_000L, List.of(), List.of());
        return new ColumnResult.Phase(run, new Window(serverCpuMs, serverCpuMs / 2, 1_000_000_000L, ok), 0.5);
    }

    @Test
    @DisplayName("CPU verdicts compare each Portcullis column with Prosody's in the same set; a refused provider is 'not measured' with the host's reason")
    void verdictsFromMeasuredColumns() {
        ColumnResult prosody = new ColumnResult(CertSet.RSA_2048, Column.PROSODY);
        prosody.steady = phase(100, 300); // 3.0 ms per negotiation
        ColumnResult sun = new ColumnResult(CertSet.RSA_2048, Column.PORTCULLIS_SUN);
        sun.steady = phase(100, 240); // 2.4 ms: more than half of 3.0
        sun.providerInForce = "SunJSSE";
        sun.attempted = 500;
        ColumnResult conscrypt = new ColumnResult(CertSet.RSA_2048, Column.PORTCULLIS_CONSCRYPT);
        assertEquals("provider = conscrypt: unknown JSSE provider; use sun or bc", Report.reason(REFUSAL),
                "the reason without timestamp, thread, logger and file");
        conscrypt.notRun = "the host did not take `provider = conscrypt`: " + Report.reason(REFUSAL);
        Report.Environment env = new Report.Environment(Instant.EPOCH, "0.1 0.1 0.1", 2, "cpu", "1 GiB", "6", "jdk",
                "host", "0.12.3", "20000 soft / 20000 hard");
        Report report = new Report(Plan.QUICK, "./portcullis bench --quick", Instant.EPOCH, Duration.ofMinutes(1),
                env, env, "SunJSSE 17", List.of(prosody, sun, conscrypt), null);
        List<Verdict> v = report.verdicts();
        assertEquals(new Verdict(Verdict.CPU, "RSA-2048, " + Column.PORTCULLIS_SUN.label,
                "2.40 ms vs Prosody 3.00 ms (0.80×; target ≤ 1.50 ms)", false), v.get(0));
        assertEquals(new Verdict(Verdict.CPU, "RSA-2048, " + Column.PORTCULLIS_CONSCRYPT.label,
                "not run: the host did not take 'provider = conscrypt': provider = conscrypt: unknown JSSE provider; use sun or bc",
                null), v.get(1));
        assertEquals(new Verdict(Verdict.FAILURES, "RSA-2048, " + Column.PORTCULLIS_SUN.label, "0 failed of 500 attempted", true),
                v.stream().filter(x -> x.target().equals(Verdict.FAILURES) && x.subject().contains("sun")).findFirst().orElseThrow());
        String md = report.markdown();
        assertTrue(md.contains("| 2.40 ms vs Prosody 3.00 ms (0.80×; target ≤ 1.50 ms) | **not met** |"), md);
        assertTrue(md.contains("Portcullis used 2.40 ms of CPU per negotiation; the target is 1.50 ms"), md);
    }
}
