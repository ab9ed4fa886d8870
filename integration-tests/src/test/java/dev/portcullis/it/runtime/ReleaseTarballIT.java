package dev.portcullis.it.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.host.PortcullisHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release tarball unpacks into a scratch directory and runs from there with an explicit home (issue 16 item 4). */
class ReleaseTarballIT {

    @TempDir
    Path scratch;

    @Test
    @DisplayName("portcullis-<version>.tar.gz: unpacked elsewhere, run --home, admin lb, stop")
    void unpackedTarballRunsAnywhere() throws Exception {
        Path target = Path.of(System.getProperty(PortcullisHome.DIST_PROPERTY)).getParent();
        Path tarball;
        try (Stream<Path> files = Files.list(target)) {
            tarball = files.filter(p -> p.getFileName().toString().matches("portcullis-.+\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no portcullis-<version>.tar.gz in " + target
                            + "; build it with 'mvn -B -DskipTests install -pl bundles/launcher -am'"));
        }
        Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", scratch.toString(), "--strip-components=1")
                .inheritIO().start();
        assertEquals(0, tar.waitFor(), "tar xzf " + tarball);
        for (String path : List.of("bin/portcullis", "README.md", "LICENSE", "NOTICE", "systemd/portcullis.service", "etc/dev.portcullis.server.cfg")) {
            assertTrue(Files.exists(scratch.resolve(path)), "the tarball has no " + path);
        }
        assertTrue(Files.isExecutable(scratch.resolve("bin/portcullis")), "bin/portcullis is not executable");
        try (PortcullisHome host = PortcullisHome.create(scratch, scratch.resolve("home"))
                .config("dev.portcullis.server", Map.of("listen", "127.0.0.1:0")).start()) {
            String lb = host.admin("lb");
            assertTrue(lb.lines().anyMatch(l -> l.contains("Active") && l.contains("Portcullis")), lb);
        }
    }
}
