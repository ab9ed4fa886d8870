package dev.portcullis.testkit.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Resource figures of a process from Linux {@code /proc/<pid>/}: resident memory ({@code VmRSS}), thread count
 * ({@code Threads}), open file descriptors ({@code fd/}) and CPU time used ({@code stat} utime + stime).
 */
public record ProcessStats(long pid, long rssKiB, int threads, int fds, long cpuMillis) {
    /** USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on every Linux this runs on. */
    private static final long TICKS_PER_SECOND = 100;

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
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // fields after the ")" that ends the command name: state is field 3, utime 14, stime 15 (proc(5))
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return new ProcessStats(pid, rss, threads, fds, ticks * 1000 / TICKS_PER_SECOND);
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
        return String.format("pid %d: RSS %.1f MiB, %d threads, %d fds, CPU %d ms", pid, rssKiB / 1024.0, threads, fds, cpuMillis);
    }
}
