package dev.portcullis.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;

/** {@code portcullis run}: the host process. Starts Felix, reports what it loaded, serves the admin socket. */
final class Host {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final HomeLayout layout;
    private final PrintStream out;
    private final HostLog log;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile Framework framework;

    Host(HomeLayout layout, PrintStream out) {
        this.layout = layout;
        this.out = out;
        this.log = new HostLog(System.err);
    }

    int runUntilStopped() throws LauncherException, IOException {
        try (HomeLock lock = HomeLock.acquire(layout)) {
            return runLocked();
        }
    }

    private int runLocked() throws LauncherException, IOException {
        Instant jvmStart = ProcessHandle.current().info().startInstant().orElse(Instant.now());
        boolean interactive = System.console() != null;
        Map<String, String> properties = FrameworkProperties.of(layout, interactive);
        Files.createDirectories(layout.data().resolve("tmp"));
        Path logging = LoggingBootstrap.prepare(layout, properties);
        if (logging != null) {
            properties.put("org.ops4j.pax.logging.property.file", logging.toString());
        }
        Framework fw = new FrameworkFactory().newFramework(properties);
        framework = fw;
        try {
            fw.init();
        } catch (BundleException e) {
            throw new LauncherException("the OSGi framework cannot start with cache " + layout.felixCache() + ": "
                    + e.getMessage() + ". If another host uses this home, stop it; otherwise delete that folder", e);
        }
        BundleContext context = fw.getBundleContext();
        context.addFrameworkListener(event -> {
            if (event.getType() == FrameworkEvent.ERROR) {
                Bundle b = event.getBundle();
                log.error("Bundle " + (b == null ? "?" : b.getSymbolicName() + " " + b.getVersion()) + ": "
                        + (event.getThrowable() == null ? "error" : event.getThrowable().getMessage()), event.getThrowable());
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopFramework, "portcullis-shutdown"));
        try {
            fw.start();
        } catch (BundleException e) {
            throw new LauncherException("the OSGi framework did not start: " + e.getMessage(), e);
        }
        List<Bundle> system = SystemBundles.install(context, layout.system(), log);
        SystemBundles.start(system, context, log);
        log.bind(context);

        new Readiness(context, layout).await(Duration.ofSeconds(10));
        new StartupReport(context, layout, out, log).print();

        // Announced before the socket opens: a client that reaches the socket may rely on this line being out.
        long millis = Duration.between(jvmStart, Instant.now()).toMillis();
        String ready = "Portcullis is ready (" + millis + " ms after JVM start). Admin: portcullis admin --home "
                + layout.home() + " <command>; stop: portcullis stop --home " + layout.home();
        out.println(ready);
        out.flush();
        log.report(ready);
        try (AdminServer admin = AdminServer.open(layout.adminSocket(), new GogoCommands(context), this::stopFramework, log)) {
            waitForStop(fw);
        }
        return 0;
    }

    private static void waitForStop(Framework fw) {
        while (true) {
            try {
                FrameworkEvent e = fw.waitForStop(0);
                if (e.getType() != FrameworkEvent.STOPPED_UPDATE && e.getType() != FrameworkEvent.STOPPED_SYSTEM_REFRESHED) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops the framework (every bundle's deactivate runs) and waits for it; used by the admin stop and by SIGTERM. */
    private String stopFramework() {
        Framework fw = framework;
        if (fw == null) {
            return "Portcullis was not running\n";
        }
        if (stopping.compareAndSet(false, true)) {
            log.info("Portcullis is stopping");
        }
        try {
            fw.stop();
            FrameworkEvent e = fw.waitForStop(STOP_TIMEOUT.toMillis());
            if (e.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                return "Portcullis did not stop within " + STOP_TIMEOUT.toSeconds() + " s; see "
                        + layout.log() + " for the bundle that hangs\n";
            }
            return "Portcullis stopped (home " + layout.home() + ")\n";
        } catch (BundleException e) {
            return "Portcullis stop failed: " + e.getMessage() + "\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Portcullis stop interrupted\n";
        }
    }
}
