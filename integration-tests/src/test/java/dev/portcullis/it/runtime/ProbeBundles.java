package dev.portcullis.it.runtime;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;
import dev.portcullis.it.runtime.probe.ConfigProbe;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds probe bundles at test time with bnd (the same tool and DS annotation processing as our modules). */
final class ProbeBundles {

    static final String PROBE_BSN = "dev.portcullis.it.probe";
    private static final String PROBE_PACKAGE = ConfigProbe.class.getPackageName();

    private ProbeBundles() {
    }

    /** The config probe ({@link ConfigProbe}) as bundle {@value #PROBE_BSN} at {@code version}. */
    static Path configProbe(Path dir, String version) throws Exception {
        return build(dir.resolve("config-probe-" + version + ".jar"), PROBE_BSN, version,
                "Private-Package", PROBE_PACKAGE,
                "Import-Package", "*");
    }

    /** A bundle that needs a package nobody exports, so it can never resolve. */
    static Path unresolvable(Path dir) throws Exception {
        return build(dir.resolve("unresolvable.jar"), "dev.portcullis.it.unresolvable", "1.0.0",
                "Private-Package", PROBE_PACKAGE,
                "Import-Package", "dev.portcullis.nowhere;version=\"[1,2)\",*");
    }

    private static Path build(Path target, String bsn, String version, String... headers) throws Exception {
        Files.createDirectories(target.getParent());
        try (Builder b = new Builder()) {
            b.setProperty("Bundle-SymbolicName", bsn);
            b.setProperty("Bundle-Version", version);
            for (int i = 0; i < headers.length; i += 2) {
                b.setProperty(headers[i], headers[i + 1]);
            }
            b.addClasspath(testClasses());
            Jar jar = b.build();
            if (!b.getErrors().isEmpty()) {
                throw new IllegalStateException("bnd could not build probe " + bsn + ": " + b.getErrors());
            }
            jar.write(target.toFile());
        }
        return target;
    }

    private static File testClasses() throws URISyntaxException {
        return new File(ConfigProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
