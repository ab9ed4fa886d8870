package dev.portcullis.openfire;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.spi.LoggerContextFactory;

/**
 * Openfire logs through Log4j 2, whose default context selector starts a logger context (with its own
 * "Log4j2-TF-N-Scheduled" thread) for each class loader that logs. The plugin's class loader gets one when the
 * plugin first logs; left running it would keep that class loader, and everything loaded by it, alive after
 * Openfire unloads the plugin. So the plugin stops it last, in {@code destroyPlugin}.
 */
final class LogContexts {

    private LogContexts() {
    }

    static void stopFor(ClassLoader loader) {
        LoggerContextFactory factory = LogManager.getFactory();
        String fqcn = LogContexts.class.getName();
        if (factory.hasContext(fqcn, loader, false)) {
            factory.shutdown(fqcn, loader, false, false);
        }
    }
}
