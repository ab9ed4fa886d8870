package dev.portcullis.launcher;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;

/** What the host tells the administrator at start: where it runs, which plugins it loaded, which configs it found. */
final class StartupReport {

    private final BundleContext context;
    private final HomeLayout layout;
    private final PrintStream out;
    private final HostLog log;

    StartupReport(BundleContext context, HomeLayout layout, PrintStream out, HostLog log) {
        this.context = context;
        this.layout = layout;
        this.out = out;
        this.log = log;
    }

    void print() {
        List<String> lines = new ArrayList<>();
        lines.add("Portcullis host on Apache Felix " + context.getBundle(0).getVersion() + ", Java " + Runtime.version());
        lines.add("  home:    " + layout.home());
        lines.add("  etc:     " + layout.etc() + " (*.cfg, one file per configuration PID, watched)");
        lines.add("  plugins: " + layout.plugins() + " (*.jar, watched: drop a jar in to deploy, replace it to update)");
        lines.add("  system:  " + layout.system());
        lines.add("  log:     " + layout.log());
        lines.add("  admin:   " + layout.adminSocket());
        List<String> failures = new ArrayList<>();
        lines.add("Plugins:");
        for (Bundle b : context.getBundles()) {
            if (!isPlugin(b, layout)) {
                continue;
            }
            String state = state(b);
            String line = String.format("  [%3d] %-9s %s %s", b.getBundleId(), state, b.getSymbolicName(), b.getVersion());
            lines.add(line);
            if (b.getState() == Bundle.INSTALLED && !isFragment(b)) {
                failures.add(b.getSymbolicName() + " " + b.getVersion() + " (" + b.getLocation() + ") did not start: "
                        + reason(b));
            }
        }
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() != 0 && !isPlugin(b, layout) && b.getState() == Bundle.INSTALLED && !isFragment(b)) {
                failures.add("framework bundle " + b.getSymbolicName() + " " + b.getVersion() + " did not start: " + reason(b));
            }
        }
        try {
            for (java.nio.file.Path jar : Readiness.files(layout.plugins(), ".jar")) {
                boolean installed = java.util.stream.Stream.of(context.getBundles())
                        .anyMatch(b -> b.getLocation().endsWith("/" + jar.getFileName()));
                if (!installed) {
                    failures.add(jar + " was not installed: it is not a valid bundle, see the FileInstall error in "
                            + layout.log());
                }
            }
        } catch (java.io.IOException e) {
            failures.add("cannot list " + layout.plugins() + ": " + e.getMessage());
        }
        lines.add("Configurations:");
        try {
            List<OsgiServices.ConfigEntry> configs = OsgiServices.fileConfigurations(context);
            if (configs.isEmpty()) {
                lines.add("  (none)");
            }
            for (OsgiServices.ConfigEntry c : configs) {
                lines.add("  " + c.pid() + "  from " + c.file());
            }
        } catch (Exception e) {
            lines.add("  (ConfigAdmin is not available: " + e + ")");
        }
        for (String line : lines) {
            out.println(line);
            log.report(line);
        }
        for (String failure : failures) {
            String line = "NOT RESOLVED: " + failure;
            out.println(line);
            log.reportError(line);
        }
        out.flush();
    }

    /** Asks the framework to start the bundle again; Felix's refusal names the missing requirement. */
    private static String reason(Bundle b) {
        try {
            b.start();
            return "it has started now";
        } catch (BundleException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    static boolean isPlugin(Bundle b, HomeLayout layout) {
        String location = b.getLocation();
        return location != null && location.contains(layout.plugins().toUri().getPath());
    }

    static boolean isFragment(Bundle b) {
        return b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
    }

    private static String state(Bundle b) {
        return switch (b.getState()) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> isFragment(b) ? "FRAGMENT" : "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }
}
