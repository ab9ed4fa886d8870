package dev.portcullis.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Waits until FileInstall has taken in the initial state of {@code plugins/} and {@code etc/}: every jar is
 * installed and every {@code *.cfg} is in ConfigAdmin. Only then is the admin socket opened, so "the admin
 * socket answers" means "the host is up with everything it was given".
 */
final class Readiness {

    private final BundleContext context;
    private final HomeLayout layout;

    Readiness(BundleContext context, HomeLayout layout) {
        this.context = context;
        this.layout = layout;
    }

    /** Returns when settled or after {@code max}; never fails (the report then shows what is missing). */
    void await(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline && !settled()) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            OsgiServices.awaitConfigurationDelivery(context, Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000_000L)));
        } catch (Exception e) {
            // no ConfigAdmin: nothing to wait for
        }
    }

    private boolean settled() {
        try {
            Set<String> locations = Stream.of(context.getBundles()).map(Bundle::getLocation).collect(Collectors.toSet());
            for (Path jar : files(layout.plugins(), ".jar")) {
                String uri = jar.toUri().toString();
                if (!locations.contains(uri) && locations.stream().noneMatch(l -> l.endsWith(jar.toAbsolutePath().toString()))) {
                    return false;
                }
            }
            Set<String> loaded = OsgiServices.fileConfigurations(context).stream()
                    .map(OsgiServices.ConfigEntry::file).collect(Collectors.toSet());
            for (Path cfg : files(layout.etc(), ".cfg")) {
                String name = cfg.getFileName().toString();
                if (loaded.stream().noneMatch(f -> f.endsWith("/" + name))) {
                    return false;
                }
            }
            return pluginsStarted();
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * FileInstall installs all jars, then starts them: wait for that, but not for a bundle that cannot
     * resolve (it would wait forever; the report names it and says why).
     */
    private boolean pluginsStarted() {
        List<Bundle> pending = Stream.of(context.getBundles())
                .filter(b -> StartupReport.isPlugin(b, layout) && !StartupReport.isFragment(b))
                .filter(b -> b.getState() == Bundle.INSTALLED || b.getState() == Bundle.RESOLVED
                        || b.getState() == Bundle.STARTING)
                .toList();
        for (Bundle b : pending) {
            if (b.getState() == Bundle.STARTING) {
                return false;
            }
            if (b.getState() == Bundle.RESOLVED) {
                return false;
            }
            FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
            if (wiring.resolveBundles(List.of(b))) {
                return false; // resolvable: FileInstall is about to start it
            }
        }
        return true;
    }

    static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }
}
