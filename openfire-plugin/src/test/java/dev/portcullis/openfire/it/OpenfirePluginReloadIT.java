package dev.portcullis.openfire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The plugin reloaded 20 times inside one running Openfire (jar replaced in plugins/): every reload stops the
 * embedded Felix and its bundles, so afterwards there are no more threads and no more class loaders than after
 * the first load. Counted in Openfire's JVM with {@code jcmd Thread.print} and {@code jcmd GC.class_histogram}
 * (the histogram runs a full GC first, so only reachable class loaders are counted).
 */
class OpenfirePluginReloadIT {

    private static final String STARTED = "Portcullis: embedded OSGi framework started";
    private static final int RELOADS = 20;
    private static final Pattern THREAD = Pattern.compile("(?m)^\"([^\"]*)\"");

    @Test
    @DisplayName("20 reloads of the plugin leak no thread and no class loader (plugin's nor bundles')")
    void twentyReloadsLeakNothing() throws Exception {
        Instant start = Instant.now();
        try (OpenfireLab openfire = OpenfireLab.start(Path.of("target/it/" + getClass().getSimpleName()), true,
                "127.0.0.1", 0, Map.of())) {
            openfire.awaitLogCount(STARTED, 1, Duration.ofSeconds(180));
            Thread.sleep(3000); // let Openfire's own post-start threads settle before the baseline
            List<String> baseline = threads(openfire);
            int pluginLoaders = instances(openfire, "org.jivesoftware.openfire.container.PluginClassLoader");
            int bundleLoaders = instances(openfire, "org.apache.felix.framework.BundleWiringImpl$BundleClassLoader");
            assertTrue(bundleLoaders > 0, "the histogram should see the running bundles' class loaders");

            Instant reloads = Instant.now();
            for (int i = 1; i <= RELOADS; i++) {
                openfire.replacePlugin();
                openfire.awaitLogCount(STARTED, 1 + i, Duration.ofSeconds(120));
            }
            long perReload = Duration.between(reloads, Instant.now()).toMillis() / RELOADS;
            Thread.sleep(3000);
            List<String> after = threads(openfire);
            int pluginLoadersAfter = instances(openfire, "org.jivesoftware.openfire.container.PluginClassLoader");
            int bundleLoadersAfter = instances(openfire, "org.apache.felix.framework.BundleWiringImpl$BundleClassLoader");
            System.out.println("[timing] " + RELOADS + " reloads, " + perReload + " ms each; threads " + baseline.size() + " -> "
                    + after.size() + ", plugin class loaders " + pluginLoaders + " -> " + pluginLoadersAfter
                    + ", bundle class loaders " + bundleLoaders + " -> " + bundleLoadersAfter + "; test took "
                    + Duration.between(start, Instant.now()).toMillis() + " ms");

            assertEquals(pluginLoaders, pluginLoadersAfter, "Openfire plugin class loaders still reachable");
            assertEquals(bundleLoaders, bundleLoadersAfter, "bundle class loaders still reachable");
            List<String> grown = after.stream().filter(n -> !baseline.contains(n)).toList();
            assertTrue(after.size() <= baseline.size() + 2, "threads grew from " + baseline.size() + " to " + after.size()
                    + "; new names: " + grown);
            assertFalse(after.stream().anyMatch(n -> n.startsWith("FelixDispatchQueue") && countOf(after, n) > 1),
                    "more than one Felix dispatch thread: " + after);
            assertEquals(List.of(), openfire.portcullisErrors(), "errors in Openfire's log");
        }
    }

    private static long countOf(List<String> names, String name) {
        return names.stream().filter(name::equals).count();
    }

    private static List<String> threads(OpenfireLab openfire) throws Exception {
        String dump = openfire.jcmd("Thread.print");
        Matcher m = THREAD.matcher(dump);
        java.util.ArrayList<String> names = new java.util.ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * Live instances of a class, summed over every copy of it (each unloaded plugin brings its own), from
     * {@code GC.class_histogram}, which collects garbage first.
     */
    private static int instances(OpenfireLab openfire, String className) throws Exception {
        String histogram = openfire.jcmd("GC.class_histogram");
        int n = 0;
        for (String line : histogram.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 4 && cols[3].equals(className)) {
                n += Integer.parseInt(cols[1]);
            }
        }
        return n;
    }
}
