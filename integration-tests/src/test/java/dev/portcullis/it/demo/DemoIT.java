package dev.portcullis.it.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ./portcullis demo} as a new user runs it: the demo jar and its libraries ({@code demo/target}) started
 * as its own Java process against the built distribution, two real hosts, seven scenes (RFC 7590 §3.6 table
 * after each). Passes only when the demo exits 0 and every scene printed PASS.
 */
class DemoIT {
    private static final Duration DEMO_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern SCENE = Pattern.compile("(?m)^\\[(\\d+)/(\\d+)\\] (.+)$");
    private static final Pattern VERDICT = Pattern.compile("(?m)^\\s+(PASS|FAIL)\\s+\\(");

    @Test
    void demoPlaysEverySceneAndEachPassesAgainstTheBuiltDistribution() throws Exception {
        Run run = demo("--dist", dist().toString());
        List<String> titles = new ArrayList<>();
        Matcher m = SCENE.matcher(run.output);
        int total = 0;
        while (m.find()) {
            titles.add(m.group(1) + ". " + m.group(3));
            total = Integer.parseInt(m.group(2));
        }
        List<String> verdicts = new ArrayList<>();
        Matcher v = VERDICT.matcher(run.output);
        while (v.find()) {
            verdicts.add(v.group(1));
        }
        assertEquals(7, total, "the demo announces seven scenes:\n" + run.output);
        assertEquals(7, titles.size(), "every scene is played:\n" + run.output);
        assertEquals(titles.size(), verdicts.size(), "every scene ends with PASS or FAIL:\n" + run.output);
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < titles.size(); i++) {
            if (!"PASS".equals(verdicts.get(i))) {
                failed.add(titles.get(i));
            }
        }
        assertTrue(failed.isEmpty(), "scenes that did not pass: " + failed + "\n" + run.output);
        assertEquals(0, run.status, "exit status of the demo:\n" + run.output);
        assertTrue(!run.output.contains("\tat ") && !run.output.contains("Exception in thread"),
                "the console shows no stack traces (they go to the log file):\n" + run.output);
    }

    @Test
    void demoWithoutADistributionSaysHowToBuildItAndExits2() throws Exception {
        Path nowhere = Files.createTempDirectory("no-dist-");
        Run run = demo("--dist", nowhere.toString());
        assertEquals(2, run.status, run.output);
        assertTrue(run.output.contains("mvn"), "tells how to build the distribution:\n" + run.output);
    }

    private record Run(int status, String output) {
    }

    private static Run demo(String... args) throws IOException, InterruptedException {
        Path root = dist().getParent().getParent().getParent().getParent();
        Path jar = root.resolve("demo/target/portcullis-demo.jar");
        Path lib = root.resolve("demo/target/lib");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
            fail("the demo is not built (" + jar + "): run 'mvn -B -DskipTests install -pl demo' first");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar + java.io.File.pathSeparator + lib.resolve("*"), "dev.portcullis.demo.Demo"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("demo-", ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(DEMO_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
            p.destroyForcibly();
            fail("the demo did not finish within " + DEMO_TIMEOUT.toMinutes() + " minutes:\n"
                    + Files.readString(out, StandardCharsets.UTF_8));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private static Path dist() {
        String d = System.getProperty("portcullis.dist");
        if (d == null) {
            fail("system property portcullis.dist is not set (integration-tests/pom.xml sets it to the built distribution)");
        }
        return Path.of(d).toAbsolutePath().normalize();
    }
}
