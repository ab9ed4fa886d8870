package dev.portcullis.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;

/** Installs (or updates) the framework bundles of {@code system/} and starts them in dependency-friendly order. */
final class SystemBundles {

    /**
     * Start order by symbolic-name prefix: logging first so every later bundle logs to the file,
     * ConfigAdmin before its clients, FileInstall last so plugins find all framework services up.
     */
    private static final List<String> ORDER = List.of(
            "org.ops4j.pax.logging.pax-logging-api",
            "org.ops4j.pax.logging.pax-logging-log4j2",
            "org.osgi.util.function",
            "org.osgi.util.promise",
            "org.osgi.service.component",
            "org.apache.felix.configadmin",
            "org.apache.felix.eventadmin",
            "org.apache.felix.metatype",
            "org.apache.felix.scr",
            "org.apache.felix.gogo.runtime",
            "org.apache.felix.gogo.command",
            "org.jline",
            "org.apache.felix.gogo.jline",
            "org.apache.felix.fileinstall");

    private SystemBundles() {
    }

    /** Installs every jar of {@code dir}; a jar newer than the cached copy updates it. */
    static List<Bundle> install(BundleContext context, Path dir, HostLog log) throws IOException, LauncherException {
        List<Path> jars;
        try (Stream<Path> s = Files.list(dir)) {
            jars = s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        if (jars.isEmpty()) {
            throw new LauncherException("no framework bundles in " + dir + "; the distribution is incomplete, rebuild it");
        }
        // a jar taken out of system/ since the last run leaves the cache too
        String prefix = dir.toUri().toString();
        java.util.Set<String> current = new java.util.HashSet<>();
        jars.forEach(j -> current.add(j.toUri().toString()));
        for (Bundle cached : context.getBundles()) {
            if (cached.getLocation().startsWith(prefix) && !current.contains(cached.getLocation())) {
                try {
                    cached.uninstall();
                } catch (BundleException e) {
                    log.warn("Cannot uninstall " + cached.getLocation() + ", which left " + dir + ": " + e.getMessage());
                }
            }
        }
        List<Bundle> bundles = new ArrayList<>();
        for (Path jar : jars) {
            String location = jar.toUri().toString();
            try {
                Bundle b = context.getBundle(location);
                if (b == null) {
                    b = context.installBundle(location);
                } else if (Files.getLastModifiedTime(jar).toMillis() > b.getLastModified()) {
                    b.update();
                }
                bundles.add(b);
            } catch (BundleException e) {
                log.error("Cannot install framework bundle " + jar + ": " + e.getMessage(), e);
            }
        }
        bundles.sort(Comparator.comparingInt(SystemBundles::rank));
        return bundles;
    }

    /** Starts each non-fragment bundle in {@link #ORDER}; the first one (pax-logging) binds the host log. */
    static void start(List<Bundle> bundles, BundleContext context, HostLog log) {
        for (Bundle b : bundles) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            try {
                b.start();
            } catch (BundleException e) {
                log.error("Framework bundle " + b.getSymbolicName() + " " + b.getVersion() + " did not start: "
                        + e.getMessage(), null);
            }
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("org.ops4j.pax.logging")) {
                log.bind(context);
            }
        }
    }

    private static int rank(Bundle b) {
        String name = b.getSymbolicName() == null ? "" : b.getSymbolicName();
        for (int i = 0; i < ORDER.size(); i++) {
            if (name.startsWith(ORDER.get(i))) {
                return i;
            }
        }
        return ORDER.size() - 1; // unknown framework bundles start just before FileInstall's position
    }
}
