package dev.portcullis.it.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.host.PortcullisHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Configuration at runtime (docs/ARCHITECTURE.md, "Runtime, configuration and hot update"): an edited {@code etc/*.cfg} reaches the component's
 * {@code @Modified} without a restart; a bad value is rejected with the agreed log line and the previous
 * valid configuration stays in force. One host for the class; each test starts from a known valid config.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigReloadIT {

    private static final String PID = "dev.portcullis.it.probe";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private PortcullisHome host;
    private Path cfg;

    @BeforeAll
    void startHostWithProbe() throws Exception {
        host = TestHomes.create("ConfigReloadIT");
        host.deployPlugin(ProbeBundles.configProbe(Files.createDirectories(host.dir().resolve("probes")), "1.0.0"));
        host.start();
        host.awaitLog("Config probe 1\\.0\\.0 activated", WAIT);
        cfg = host.etc().resolve(PID + ".cfg");
    }

    @AfterAll
    void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    @BeforeEach
    void knownValidConfig() {
        long mark = host.logPosition();
        String greeting = "start-" + System.nanoTime();
        host.config(PID, Map.of("greeting", greeting, "limit", "5"));
        host.awaitLogSince(mark, "Config probe .* greeting=" + greeting + " limit=5 ", WAIT);
    }

    @Test
    void editedCfgReachesModifiedWithoutRestart() {
        String before = host.admin("probe:status");
        long mark = host.logPosition();
        host.config(PID, Map.of("greeting", "edited", "limit", "7"));
        host.awaitLogSince(mark, "Config probe 1\\.0\\.0 modified .* greeting=edited limit=7 ", WAIT);
        String after = host.admin("probe:status");
        assertTrue(after.contains("greeting=edited limit=7"), after);
        assertEquals(instance(before), instance(after), "the same component instance took the change (@Modified, not reactivation)");
        assertTrue(host.isRunning());
    }

    @Test
    void outOfRangeValueIsRejectedNamingFileKeyAndReasonAndPreviousConfigStays() {
        long mark = host.logPosition();
        host.config(PID, Map.of("greeting", "ignored", "limit", "500"));
        String line = host.awaitLogSince(mark, "Rejected configuration", WAIT);
        assertTrue(line.contains("Rejected configuration " + PID + " from " + cfg + ": limit = 500: must be between 1 and 100;"
                + " the previous configuration stays in force"), line);
        assertTrue(host.admin("probe:status").contains("limit=5 "), "the previous valid limit stays in force");
    }

    @Test
    void nonNumericValueIsRejectedNamingFileKeyAndReasonAndPreviousConfigStays() {
        long mark = host.logPosition();
        host.config(PID, Map.of("limit", "lots"));
        String line = host.awaitLogSince(mark, "Rejected configuration", WAIT);
        assertTrue(line.contains("Rejected configuration " + PID + " from " + cfg + ": limit = lots: not a whole number;"
                + " the previous configuration stays in force"), line);
        assertTrue(host.admin("probe:status").contains("limit=5 "), "the previous valid limit stays in force");
    }

    private static String instance(String status) {
        Matcher m = Pattern.compile("instance=(\\d+)").matcher(status);
        if (!m.find()) {
            throw new AssertionError("no instance in probe status: " + status);
        }
        return m.group(1);
    }
}
