package dev.portcullis.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Where a host keeps its files. A home has its own {@code etc/}, {@code certs/} and {@code data/}; it uses
 * the distribution's {@code system/} and {@code plugins/} unless it has its own (so several homes can share
 * one build, and a home with its own {@code plugins/} can be hot-updated without touching the build).
 *
 * @param home    the home folder
 * @param dist    the distribution folder (holds {@code lib/}, {@code system/}, {@code plugins/})
 * @param system  framework bundles
 * @param plugins the folder FileInstall watches for bundles
 */
record HomeLayout(Path home, Path dist, Path system, Path plugins) {

    static final String ADMIN_SOCKET = "admin.sock";

    Path etc() {
        return home.resolve("etc");
    }

    Path certs() {
        return home.resolve("certs");
    }

    Path data() {
        return home.resolve("data");
    }

    Path log() {
        return data().resolve("log").resolve("portcullis.log");
    }

    Path felixCache() {
        return data().resolve("felix-cache");
    }

    Path adminSocket() {
        return adminSocket(home);
    }

    static Path adminSocket(Path home) {
        return home.resolve("data").resolve(ADMIN_SOCKET);
    }

    /** Resolves the layout; a home without {@code etc/} gets a copy of the distribution's. */
    static HomeLayout prepare(Path home, Path dist) throws LauncherException, IOException {
        if (!Files.isDirectory(dist.resolve("system"))) {
            throw new LauncherException("distribution " + dist + " has no system/ folder; build it with "
                    + "'mvn -B -DskipTests install' or pass the right folder with --dist");
        }
        if (!Files.exists(home.resolve("etc"))) {
            // a new (or still empty) home starts from the distribution's defaults
            Files.createDirectories(home);
            copyTree(dist.resolve("etc"), home.resolve("etc"));
        }
        if (!Files.isDirectory(home)) {
            throw new LauncherException("home " + home + " is not a directory");
        }
        Files.createDirectories(home.resolve("etc"));
        Files.createDirectories(home.resolve("certs"));
        Files.createDirectories(home.resolve("data").resolve("log"));
        Path system = Main.hasFiles(home.resolve("system")) ? home.resolve("system") : dist.resolve("system");
        Path plugins = Files.isDirectory(home.resolve("plugins")) ? home.resolve("plugins") : dist.resolve("plugins");
        return new HomeLayout(home, dist, system, plugins);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(f -> {
                try {
                    Path target = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
