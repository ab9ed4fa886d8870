package dev.portcullis.benchmarks.jmh;

import java.io.File;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;

/**
 * The security bundles' components outside OSGi. Their classes live in private packages (not exported in OSGi)
 * but are public on a flat class path; the few package-private hooks DS would call (binding a prooftype) are
 * reached by reflection. The only framework service they use when constructed is the bundle data area, given
 * here by a {@link BundleContext} whose {@code getDataFile} points into a temp folder and which refuses
 * everything else.
 */
final class Components {
    private Components() {
    }

    static BundleContext dataArea(Path dir) {
        return (BundleContext) Proxy.newProxyInstance(Components.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getDataFile")) {
                        return new File(dir.toFile(), (String) args[0]);
                    }
                    if (method.getName().equals("toString")) {
                        return "benchmark data area " + dir;
                    }
                    throw new UnsupportedOperationException("benchmark BundleContext: " + method.getName());
                });
    }
}
