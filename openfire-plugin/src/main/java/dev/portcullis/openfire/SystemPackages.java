package dev.portcullis.openfire;

import dev.portcullis.api.tls.TlsPolicy;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The packages the framework's system bundle exports from the plugin's class loader, so that the plugin
 * (host) and the bundles share one copy of each type: the Portcullis API (exactly as its jar exports it),
 * ConfigAdmin's API (the plugin writes configurations), and SLF4J, so that the bundles log into Openfire's
 * own log through Openfire's SLF4J binding.
 */
final class SystemPackages {

    /** Openfire 5.1.1 ships slf4j-api 2.0.x; ConfigAdmin 1.9 exports the 1.6 API. */
    private static final String SLF4J = "org.slf4j;version=2.0.0,org.slf4j.spi;version=2.0.0,org.slf4j.event;version=2.0.0";
    private static final String CM = "org.osgi.service.cm;version=1.6.0";

    private SystemPackages() {
    }

    static String extra() throws IOException {
        return apiExports() + "," + CM + "," + SLF4J;
    }

    private static String apiExports() throws IOException {
        Path apiJar = jarOf(TlsPolicy.class);
        try (JarFile jar = new JarFile(apiJar.toFile())) {
            String exports = jar.getManifest().getMainAttributes().getValue("Export-Package");
            if (exports == null) {
                throw new IOException(apiJar + " exports no package; the plugin jar is damaged, rebuild it");
            }
            return exports;
        }
    }

    static Path jarOf(Class<?> type) throws IOException {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IOException("cannot locate the jar of " + type.getName(), e);
        }
    }

    /** Referenced so that the compiler keeps the ConfigAdmin API on the plugin's class path. */
    static Class<?> configAdminApi() {
        return ConfigurationAdmin.class;
    }
}
