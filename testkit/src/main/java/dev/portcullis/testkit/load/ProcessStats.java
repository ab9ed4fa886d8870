package dev.portcullis.testkit.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Resource figures of a process from Linux {@code /proc/<pid>/}: resident memory ({@code VmRSS}), thread count
 * ({@code Threads}) and open file descriptors ({@code fd/}).
 */
public record ProcessStats(long pid, long rssKiB, int threads, int fds) {

    public static ProcessStats of(long pid) {
        try {
            long rss = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.replaceAll("\\D", ""));
                }
            }
            int fds;
            try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                fds = (int) s.count();
            }
            return new ProcessStats(pid, rss, threads, fds);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + " (is the process running, on Linux?)", e);
        }
    }

    /** The JVM among our descendants whose command line contains {@code marker} (e.g. a host's home folder). */
    public static Optional<Long> findDescendant(String marker) {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .map(ProcessHandle::pid)
                .findFirst();
    }

    @Override
    public String toString() {
        return String.format("pid %d: RSS %.1f MiB, %d threads, %d fds", pid, rssKiB / 1024.0, threads, fds);
    }
}
