package dev.portcullis.it.hotupdate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** "Newer builds" of a bundle: the same jar with its {@code Bundle-Version} qualifier bumped, written at test time. */
final class BundleJars {
    private BundleJars() {
    }

    /** The plugin jar in {@code plugins} whose file name starts with {@code prefix}. */
    static Path find(Path plugins, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(plugins)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + "*.jar in " + plugins));
        }
    }

    static String version(Path jar) throws IOException {
        try (InputStream in = Files.newInputStream(jar); JarInputStream j = new JarInputStream(in)) {
            return j.getManifest().getMainAttributes().getValue("Bundle-Version");
        }
    }

    /**
     * Copies {@code jar} to {@code out} with another Bundle-Version. FileInstall updates a bundle when its file
     * changes, whatever the version; the version makes each revision identifiable in {@code lb}.
     */
    static Path withVersion(Path jar, String version, Path out) throws IOException {
        try (InputStream in = Files.newInputStream(jar); JarInputStream j = new JarInputStream(in)) {
            Manifest m = new Manifest(j.getManifest());
            m.getMainAttributes().put(new Attributes.Name("Bundle-Version"), version);
            try (OutputStream o = Files.newOutputStream(out); JarOutputStream w = new JarOutputStream(o, m)) {
                JarEntry e;
                byte[] buf = new byte[8192];
                while ((e = j.getNextJarEntry()) != null) {
                    w.putNextEntry(new JarEntry(e.getName()));
                    int n;
                    while ((n = j.read(buf)) > 0) {
                        w.write(buf, 0, n);
                    }
                    w.closeEntry();
                }
            }
        }
        return out;
    }

    /** {@code 1.0.0.202611212130} → {@code 1.0.0.u0007}. */
    static String bumped(String version, int cycle) {
        String[] p = version.split("\\.");
        return p[0] + "." + (p.length > 1 ? p[1] : "0") + "." + (p.length > 2 ? p[2] : "0") + String.format(".u%04d", cycle);
    }
}
