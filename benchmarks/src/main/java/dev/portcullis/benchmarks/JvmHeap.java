package dev.portcullis.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live heap of a JVM after a full GC ({@code jcmd <pid> GC.run}, then {@code GC.heap_info}): what the streams
 * really retain, unlike RSS, which also counts heap the JVM has grown into and not given back.
 */
final class JvmHeap {
    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private JvmHeap() {
    }

    static long liveKiB(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Matcher m = USED.matcher(jcmd(pid, "GC.heap_info"));
        if (!m.find()) {
            throw new IllegalStateException("no heap figure from jcmd " + pid + " GC.heap_info");
        }
        return Long.parseLong(m.group(1));
    }

    static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }
}
