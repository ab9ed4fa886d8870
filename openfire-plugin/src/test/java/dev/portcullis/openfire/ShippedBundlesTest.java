package dev.portcullis.openfire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShippedBundlesTest {

    @Test
    void unchangedJarIsNotRewrittenSoFileInstallLeavesItAlone(@TempDir Path tmp) throws Exception {
        Path from = Files.createDirectories(tmp.resolve("shipped"));
        Path to = tmp.resolve("bundles");
        Files.write(from.resolve("a.jar"), new byte[] {1, 2, 3});
        assertEquals(1, ShippedBundles.seed(from, to));
        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(to.resolve("a.jar"), old);
        assertEquals(0, ShippedBundles.seed(from, to));
        assertEquals(old, Files.getLastModifiedTime(to.resolve("a.jar")));
    }

    @Test
    void changedJarReplacesTheOldOneAndLeavesNoPartialFile(@TempDir Path tmp) throws Exception {
        Path from = Files.createDirectories(tmp.resolve("shipped"));
        Path to = Files.createDirectories(tmp.resolve("bundles"));
        Files.write(to.resolve("a.jar"), new byte[] {9});
        Files.write(from.resolve("a.jar"), new byte[] {1, 2});
        Files.write(from.resolve("notes.txt"), new byte[] {7});
        assertEquals(1, ShippedBundles.seed(from, to));
        assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(to.resolve("a.jar")));
        try (var s = Files.list(to)) {
            assertEquals(1, s.count(), "only a.jar: no .part file, no non-jar");
        }
    }
}
