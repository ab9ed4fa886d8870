package dev.portcullis.openfire;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies the bundle jars inside the plugin into Openfire's home. A jar is written only when absent or
 * different, so unchanged jars keep their modification time and FileInstall does not update them on every
 * plugin load; a replaced jar is written beside and moved over, so FileInstall never reads half a file.
 */
final class ShippedBundles {

    private ShippedBundles() {
    }

    /** Copies {@code from/*.jar} into {@code to}; returns the number of jars written. */
    static int seed(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        int written = 0;
        for (Path jar : jars(from)) {
            Path target = to.resolve(jar.getFileName());
            if (Files.exists(target) && Files.mismatch(jar, target) == -1L) {
                continue;
            }
            Path partial = to.resolve("." + jar.getFileName() + ".part");
            Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            written++;
        }
        return written;
    }

    static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }
}
