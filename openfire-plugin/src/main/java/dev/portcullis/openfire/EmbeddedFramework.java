package dev.portcullis.openfire;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Felix framework inside the plugin, set up as the reference host's launcher sets up its own: framework
 * bundles installed from {@code system/}, the security bundles deployed by FileInstall from {@code bundles/}.
 */
final class EmbeddedFramework implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFramework.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** Start order by symbolic-name prefix: ConfigAdmin before its clients, FileInstall last. */
    private static final List<String> ORDER = List.of(
            "org.osgi.util.function",
            "org.osgi.util.promise",
            "org.osgi.service.component",
            "org.apache.felix.configadmin",
            "org.apache.felix.eventadmin",
            "org.apache.felix.scr",
            "bcprov",
            "org.apache.felix.fileinstall");

    private final Framework framework;

    private EmbeddedFramework(Framework framework) {
        this.framework = framework;
    }

    static EmbeddedFramework start(PluginLayout layout) throws IOException, BundleException {
        Files.createDirectories(layout.tmp());
        Framework fw = new FrameworkFactory().newFramework(properties(layout));
        fw.init();
        BundleContext context = fw.getBundleContext();
        context.addFrameworkListener(event -> {
            if (event.getType() == FrameworkEvent.ERROR) {
                Bundle b = event.getBundle();
                LOG.error("Portcullis bundle {}: {}", b == null ? "?" : b.getSymbolicName() + " " + b.getVersion(),
                        event.getThrowable() == null ? "error" : event.getThrowable().getMessage(), event.getThrowable());
            }
        });
        fw.start();
        EmbeddedFramework embedded = new EmbeddedFramework(fw);
        try {
            for (Bundle b : installSystem(context, layout.system())) {
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    b.start();
                }
            }
        } catch (IOException | BundleException | RuntimeException e) {
            embedded.close();
            throw e;
        }
        return embedded;
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    /** Stops every bundle (their deactivate methods run) and waits for the framework's threads to end. */
    @Override
    public void close() {
        try {
            framework.stop();
            FrameworkEvent e = framework.waitForStop(STOP_TIMEOUT.toMillis());
            if (e.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                LOG.error("Portcullis: the embedded OSGi framework did not stop within {} s; a bundle hangs in its deactivate method",
                        STOP_TIMEOUT.toSeconds());
            }
        } catch (BundleException e) {
            LOG.error("Portcullis: stopping the embedded OSGi framework failed: {}", e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> properties(PluginLayout layout) throws IOException {
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, layout.felixCache().toString());
        // kept between loads: the bundles' data areas (certificate memory, dialback secret) must survive a reload
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, "none");
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SystemPackages.extra());
        // Felix's JVM-wide URL handler factory can be set once per JVM and would pin this class loader after unload
        p.put("felix.service.urlhandlers", "false");
        p.put("felix.log.level", "1");
        // no resolver thread pool: Felix 7.0.5 leaves its FelixResolver-N threads running after the framework stops
        p.put("felix.resolver.parallelism", "1");
        // bundles' class loaders get the plugin's as parent (boot delegation only): Openfire's Log4j then finds the
        // plugin's logger context for them instead of starting one per bundle class loader (LogContexts.java)
        p.put(Constants.FRAMEWORK_BUNDLE_PARENT, Constants.FRAMEWORK_BUNDLE_PARENT_FRAMEWORK);
        p.put("portcullis.home", layout.home().toString());
        p.put("felix.fileinstall.dir", layout.bundles().toString());
        p.put("felix.fileinstall.filter", ".*\\.jar");
        p.put("felix.fileinstall.poll", "500");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.bundles.new.start", "true");
        p.put("felix.fileinstall.log.level", "3");
        p.put("felix.fileinstall.log.default", "jul");
        p.put("felix.fileinstall.enableConfigSave", "false");
        p.put("felix.fileinstall.tmpdir", layout.tmp().toString());
        return p;
    }

    /** Installs {@code dir/*.jar} (a jar newer than the cached copy updates it), ordered for starting. */
    private static List<Bundle> installSystem(BundleContext context, Path dir) throws IOException, BundleException {
        List<Path> jars = ShippedBundles.jars(dir);
        Set<String> current = new HashSet<>();
        jars.forEach(j -> current.add(j.toUri().toString()));
        String prefix = dir.toUri().toString();
        for (Bundle cached : context.getBundles()) {
            if (cached.getLocation().startsWith(prefix) && !current.contains(cached.getLocation())) {
                cached.uninstall();
            }
        }
        List<Bundle> bundles = new ArrayList<>();
        for (Path jar : jars) {
            String location = jar.toUri().toString();
            Bundle b = context.getBundle(location);
            if (b == null) {
                b = context.installBundle(location);
            } else if (Files.getLastModifiedTime(jar).toMillis() > b.getLastModified()) {
                b.update();
            }
            bundles.add(b);
        }
        bundles.sort(Comparator.comparingInt(EmbeddedFramework::rank));
        return bundles;
    }

    private static int rank(Bundle b) {
        String name = b.getSymbolicName() == null ? "" : b.getSymbolicName();
        for (int i = 0; i < ORDER.size(); i++) {
            if (name.startsWith(ORDER.get(i))) {
                return i;
            }
        }
        return ORDER.size() - 1;
    }
}
