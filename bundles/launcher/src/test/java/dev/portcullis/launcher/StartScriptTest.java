package dev.portcullis.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM options {@code bin/portcullis run} starts a long-running server with (issue 12 item 4), read from the
 * command line the script builds ({@code PORTCULLIS_PRINT_COMMAND=1}), and the administrator's
 * {@code PORTCULLIS_JAVA_OPTS} placed after them, so they win.
 */
class StartScriptTest {
    private static final Path SCRIPT = Path.of("src/dist/bin/portcullis");
    private static final Path DIST = Path.of("src/dist").toAbsolutePath().normalize();
    static final List<String> SERVER_OPTIONS = List.of("-Xms64m", "-Xmx1g", "-XX:+UseG1GC",
            "-XX:G1PeriodicGCInterval=30000", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
            "-XX:+ExitOnOutOfMemoryError", "-Xss512k", "-XX:MaxDirectMemorySize=256m");

    @TempDir
    Path home;

    @Test
    @DisplayName("run: heap bounds, G1 returning memory, exit on OOM, small stacks, descriptors up to the hard limit")
    void runStartsTheServerWithLongRunningJvmOptions() throws Exception {
        List<String> expected = new ArrayList<>(List.of("ulimit -n " + hardLimit(), "MALLOC_ARENA_MAX=2",
                "/opt/jdk/bin/java"));
        expected.addAll(SERVER_OPTIONS);
        expected.addAll(List.of("-cp", DIST + "/lib/*", "dev.portcullis.launcher.Main", "--dist", DIST.toString(),
                "run", "--home", home.toRealPath().toString()));
        assertEquals(expected, printed(Map.of(), "run", "--home", home.toString()));
    }

    @Test
    @DisplayName("run: PORTCULLIS_JAVA_OPTS come after the defaults, so the administrator's -Xmx wins; a collector named there replaces G1")
    void administratorOptionsAreAppendedLast() throws Exception {
        List<String> expected = new ArrayList<>(List.of("ulimit -n " + hardLimit(), "MALLOC_ARENA_MAX=8",
                "/opt/jdk/bin/java"));
        expected.addAll(SERVER_OPTIONS.stream().filter(o -> !o.contains("G1")).toList());
        expected.addAll(List.of("-Xmx4g", "-XX:+UseZGC", "-cp", DIST + "/lib/*", "dev.portcullis.launcher.Main",
                "--dist", DIST.toString(), "run", "--home", home.toRealPath().toString()));
        assertEquals(expected, printed(Map.of("PORTCULLIS_JAVA_OPTS", "-Xmx4g -XX:+UseZGC", "MALLOC_ARENA_MAX", "8"),
                "run", "--home", home.toString()));
    }

    @Test
    @DisplayName("run: the JVM accepts the options the script builds, with and without a collector of the administrator's")
    void theJvmAcceptsTheBuiltOptions() throws Exception {
        for (String admin : List.of("", "-XX:+UseSerialGC", "-XX:+UseZGC -Xmx256m")) {
            List<String> line = printed(admin.isEmpty() ? Map.of() : Map.of("PORTCULLIS_JAVA_OPTS", admin),
                    "run", "--home", home.toString());
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(line.subList(line.indexOf("/opt/jdk/bin/java") + 1, line.indexOf("-cp")));
            cmd.add("-version");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), "PORTCULLIS_JAVA_OPTS='" + admin + "': " + cmd + "\n" + out);
        }
    }

    @Test
    @DisplayName("admin: a one-request client keeps its fast-start options and ignores PORTCULLIS_JAVA_OPTS")
    void clientCommandsKeepFastStartOptions() throws Exception {
        assertEquals(List.of("/opt/jdk/bin/java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                        "-cp", DIST + "/lib/*", "dev.portcullis.launcher.Main", "--dist", DIST.toString(), "admin", "lb"),
                printed(Map.of("PORTCULLIS_JAVA_OPTS", "-Xmx4g"), "admin", "lb"));
    }

    private static List<String> printed(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("PORTCULLIS_JAVA_OPTS");
        pb.environment().remove("MALLOC_ARENA_MAX");
        pb.environment().put("JAVA_HOME", "/opt/jdk");
        pb.environment().put("PORTCULLIS_PRINT_COMMAND", "1");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.lines().toList();
    }

    private static String hardLimit() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", "ulimit -Hn").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor());
        return out;
    }
}
