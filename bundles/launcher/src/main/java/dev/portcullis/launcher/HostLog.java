package dev.portcullis.launcher;

import java.io.PrintStream;
import java.lang.reflect.Method;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The launcher's own log lines, written through the SLF4J API exported by pax-logging-api so they land in
 * {@code data/log/portcullis.log} beside every bundle's. The launcher lives outside OSGi, so it reaches the
 * logger reflectively through pax-logging-api's class loader (putting slf4j on the launcher class path would
 * give two copies of {@code org.slf4j}). Until pax-logging is up, and if it never comes up, lines go to stderr.
 */
final class HostLog {

    /** Category for the startup report: the default log configuration sends it to the file only. */
    static final String REPORT = "dev.portcullis.launcher.report";
    static final String MAIN = "dev.portcullis.launcher";

    private final PrintStream fallback;
    private volatile Object mainLogger;
    private volatile Object reportLogger;
    private volatile Method info;
    private volatile Method warn;
    private volatile Method error;

    HostLog(PrintStream fallback) {
        this.fallback = fallback;
    }

    /** Binds to pax-logging once its bundle is started; harmless to call when it is absent. */
    void bind(BundleContext context) {
        for (Bundle b : context.getBundles()) {
            if ("org.ops4j.pax.logging.pax-logging-api".equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE) {
                try {
                    Class<?> factory = b.loadClass("org.slf4j.LoggerFactory");
                    Class<?> logger = b.loadClass("org.slf4j.Logger");
                    Method get = factory.getMethod("getLogger", String.class);
                    info = logger.getMethod("info", String.class);
                    warn = logger.getMethod("warn", String.class);
                    error = logger.getMethod("error", String.class, Throwable.class);
                    mainLogger = get.invoke(null, MAIN);
                    reportLogger = get.invoke(null, REPORT);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    fallback.println("portcullis: cannot log through pax-logging (" + e + "); logging to stderr");
                }
                return;
            }
        }
    }

    /** A line of the startup report: the caller prints it to stdout, this puts it in the log file. */
    void report(String line) {
        call(reportLogger, info, line, null, false);
    }

    /** A failure in the startup report: printed to stdout by the caller, logged at ERROR into the file. */
    void reportError(String line) {
        call(reportLogger, error, line, null, false);
    }

    void info(String line) {
        call(mainLogger, info, line, null, true);
    }

    void warn(String line) {
        call(mainLogger, warn, line, null, true);
    }

    void error(String line, Throwable t) {
        call(mainLogger, error, line, t, true);
    }

    private void call(Object logger, Method m, String line, Throwable t, boolean echoWithoutLogger) {
        if (logger != null && m != null) {
            try {
                if (m == error) {
                    m.invoke(logger, line, t);
                } else {
                    m.invoke(logger, line);
                }
                return;
            } catch (ReflectiveOperationException | RuntimeException e) {
                // the pax-logging bundle was stopped or updated: from now on, stderr
                mainLogger = null;
                reportLogger = null;
            }
        }
        if (echoWithoutLogger) {
            fallback.println(line);
            if (t != null) {
                t.printStackTrace(fallback);
            }
        }
    }
}
