package dev.portcullis.it.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.host.PortcullisHome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot deployment with the real launcher as a process (docs/ARCHITECTURE.md, "Runtime, configuration and hot update"): a bundle dropped
 * into {@code plugins/} starts, and a newer jar replacing it updates the same bundle in place.
 */
class HotDeployIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path work;

    @Test
    void bundleDroppedIntoPluginsStartsAndANewerJarUpdatesItInPlace() throws Exception {
        Path v1 = ProbeBundles.configProbe(work, "1.0.0");
        Path v2 = ProbeBundles.configProbe(work, "1.1.0");
        try (PortcullisHome host = TestHomes.create("HotDeployIT").start()) {
            long mark = host.logPosition();
            host.deployPlugin(v1);
            host.awaitLogSince(mark, "Config probe 1\\.0\\.0 activated", WAIT);
            BundleLine before = BundleLine.find(host.admin("lb -s"), ProbeBundles.PROBE_BSN);
            assertEquals("1.0.0", before.version());
            assertEquals("Active", before.state());
            assertTrue(host.admin("probe:status").contains("version=1.0.0"));

            mark = host.logPosition();
            host.replacePlugin(v2);
            host.awaitLogSince(mark, "Config probe 1\\.1\\.0 activated", WAIT);
            BundleLine after = BundleLine.find(host.admin("lb -s"), ProbeBundles.PROBE_BSN);
            assertEquals(before.id(), after.id(), "an update keeps the bundle id (updated in place, not reinstalled)");
            assertEquals("1.1.0", after.version());
            assertEquals("Active", after.state());
            assertTrue(host.admin("probe:status").contains("version=1.1.0 bundle=" + before.id()));
        }
    }

    /** One row of Gogo's {@code lb -s}: {@code  35|Active     |    1|dev.portcullis.it.probe (1.0.0)|1.0.0}. */
    record BundleLine(long id, String state, String version) {
        static BundleLine find(String lb, String symbolicName) {
            Matcher m = Pattern.compile("(?m)^\\s*(\\d+)\\|(\\w+)\\s*\\|\\s*\\d+\\|" + Pattern.quote(symbolicName)
                    + " \\(([^)]*)\\)").matcher(lb);
            if (!m.find()) {
                throw new AssertionError("bundle " + symbolicName + " is not in lb:\n" + lb);
            }
            return new BundleLine(Long.parseLong(m.group(1)), m.group(2), m.group(3));
        }
    }
}
