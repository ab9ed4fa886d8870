package dev.portcullis.it.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.host.PortcullisHome;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README's "Installing on a server" followed as written, in a scratch root: every command of its numbered
 * steps is taken from the README itself, with {@code /opt/portcullis}, {@code /var/lib/portcullis} and
 * {@code /etc/systemd/system} moved under a temporary directory, {@code sudo} run as root, and (a test machine
 * runs no systemd) {@code systemctl enable --now} replaced by {@code systemd-analyze verify} of the installed unit
 * and its {@code ExecStart} run as its {@code User=}. Step 4 (the administrator's edits) writes the files the step
 * names. Like the README it creates the system user {@code portcullis} (once; an existing one is kept).
 */
class InstallStepsIT {
    private static final Pattern STEP = Pattern.compile("^(\\d+)\\. (.*)$");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Duration START = Duration.ofSeconds(90);

    private Path scratch;
    private Process host;

    @AfterEach
    void cleanUp() throws Exception {
        if (host != null && host.isAlive()) {
            host.destroy();
            if (!host.waitFor(20, TimeUnit.SECONDS)) {
                host.destroyForcibly();
            }
        }
        if (scratch != null) {
            try (Stream<Path> all = Files.walk(scratch)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    @DisplayName("README 'Installing on a server': steps 1-6 as written give a running host under its own user")
    void theReadmeStepsInstallARunningService() throws Exception {
        assertEquals("0", run(List.of("id", "-u")).strip(),
                "the README's steps run with sudo; run this test as root (CI does)");
        Path dist = Path.of(System.getProperty(PortcullisHome.DIST_PROPERTY));
        Path tarball = tarball(dist.getParent());
        // world-traversable, so the portcullis user reaches its home inside it
        scratch = Files.createTempDirectory(Path.of("/tmp"), "portcullis-install-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path opt = scratch.resolve("opt/portcullis");
        Path home = scratch.resolve("var/lib/portcullis");
        Path units = Files.createDirectories(scratch.resolve("etc/systemd/system"));
        Files.createDirectories(home.getParent());

        List<List<String>> steps = readmeSteps(Path.of(System.getProperty("user.dir")).getParent().resolve("README.md"));
        assertEquals(6, steps.size(), "the README's install section should have six numbered steps: " + steps);

        // 1. unpack
        sh(rewrite(steps.get(0).get(0), opt, home, units).replace("portcullis-<version>.tar.gz", tarball.toString()));
        assertTrue(Files.isExecutable(opt.resolve("bin/portcullis")), "step 1 left no bin/portcullis in " + opt);
        // 2. the dedicated user (kept if a previous run made it)
        String useradd = rewrite(steps.get(1).get(0), opt, home, units);
        if (exitStatus(List.of("id", "-u", "portcullis")) != 0) {
            sh(useradd);
        }
        // 3. its home with the shipped configuration
        sh(rewrite(steps.get(2).get(0), opt, home, units));
        assertTrue(Files.isRegularFile(home.resolve("etc/dev.portcullis.server.cfg")), "step 3 copied no etc/");
        // 4. the administrator's edits, in the files the step names
        configure(home);
        // 5. the unit, installed where the step says; systemctl's part is verify + ExecStart as User=
        sh(rewrite(steps.get(4).get(0), opt, home, units));
        Path unit = units.resolve("portcullis.service");
        assertTrue(Files.isRegularFile(unit), "step 5 installed no unit in " + units);
        assertEquals("systemctl daemon-reload && systemctl enable --now portcullis",
                rewrite(steps.get(4).get(1), opt, home, units), "step 5's second command changed: update this test");
        Files.writeString(unit, rewrite(Files.readString(unit), opt, home, units));
        assertEquals("", run(List.of("systemd-analyze", "verify", unit.toString())).strip(),
                "systemd-analyze verify of the installed unit");
        String user = unitValue(unit, "User");
        host = new ProcessBuilder(runAs(user, unitValue(unit, "ExecStart")))
                .redirectErrorStream(true).redirectOutput(scratch.resolve("journal.txt").toFile()).start();
        // 6. check it
        String check = rewrite(steps.get(5).get(0), opt, home, units);
        String lb = awaitSuccess(check);
        assertTrue(lb.lines().anyMatch(l -> l.contains("Active") && l.contains("Portcullis TLS policy")), lb);
        assertTrue(Files.isRegularFile(home.resolve("data/log/portcullis.log")), "no log where step 6 says");
        assertEquals("portcullis", Files.getOwner(home.resolve("data/log/portcullis.log")).getName(),
                "the host should run as the unit's User=");
        sh(String.join(" ", runAs(user, unitValue(unit, "ExecStop"))));
        assertTrue(host.waitFor(30, TimeUnit.SECONDS), "ExecStop did not stop the host");
    }

    /** Step 4: listen on loopback only (traffic stays on 127.0.0.0/8), the console on a free port, one domain. */
    private void configure(Path home) throws Exception {
        Path etc = home.resolve("etc");
        replaceLine(etc.resolve("dev.portcullis.server.cfg"), "listen", "listen = 127.0.0.1:" + freePort());
        replaceLine(etc.resolve("org.apache.felix.http.cfg"), "org.osgi.service.http.port",
                "org.osgi.service.http.port = " + freePort());
        TestCa ca = TestCa.create("InstallStepsIT CA");
        IssuedCertificate cert = ca.issue("install.test").dnsName("install.test").xmppAddr("install.test").build();
        Path certs = Files.createDirectories(home.resolve("certs"));
        IssuedCertificate.Pem pem = cert.writePem(certs, "install.test");
        Files.writeString(etc.resolve("dev.portcullis.domain-install.cfg"), "domain = install.test\n"
                + "certificate = certs/" + pem.certificate().getFileName() + "\n"
                + "key = certs/" + pem.key().getFileName() + "\n");
        sh("chown -R portcullis:portcullis " + home);
    }

    private static List<List<String>> readmeSteps(Path readme) throws IOException {
        String text = Files.readString(readme);
        int start = text.indexOf("\n## Installing on a server\n");
        assertTrue(start >= 0, "README has no section 'Installing on a server'");
        int end = text.indexOf("\n## ", start + 1);
        List<List<String>> steps = new ArrayList<>();
        StringBuilder current = null;
        for (String line : text.substring(start, end < 0 ? text.length() : end).split("\n")) {
            Matcher m = STEP.matcher(line);
            if (m.matches()) {
                if (current != null) {
                    steps.add(commands(current.toString()));
                }
                current = new StringBuilder(m.group(2));
            } else if (current != null && line.startsWith("   ")) {
                current.append(' ').append(line.strip());
            }
        }
        if (current != null) {
            steps.add(commands(current.toString()));
        }
        return steps;
    }

    /** The code spans of a step that are commands (they start with sudo), in order. */
    private static List<String> commands(String step) {
        List<String> out = new ArrayList<>();
        Matcher m = CODE.matcher(step);
        while (m.find()) {
            if (m.group(1).startsWith("sudo ")) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** The README's paths moved into the scratch root; sudo as root (-u: runuser). */
    private static String rewrite(String s, Path opt, Path home, Path units) {
        return s.replace("sudo -u portcullis ", "runuser -u portcullis -- ").replace("sudo ", "")
                .replace("/opt/portcullis", opt.toString()).replace("/var/lib/portcullis", home.toString())
                .replace("/etc/systemd/system", units.toString());
    }

    private static List<String> runAs(String user, String command) {
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", user, "--"));
        cmd.addAll(List.of(command.split(" ")));
        return cmd;
    }

    private static String unitValue(Path unit, String key) throws IOException {
        return Files.readAllLines(unit).stream().filter(l -> l.startsWith(key + "=")).findFirst()
                .map(l -> l.substring(key.length() + 1)).orElseThrow(() -> new AssertionError("unit has no " + key));
    }

    private String awaitSuccess(String command) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true);
            Process p = pb.start();
            last = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() == 0 && last.contains("Active")) {
                return last;
            }
            if (!host.isAlive()) {
                throw new AssertionError("the host exited with " + host.exitValue() + ": "
                        + Files.readString(scratch.resolve("journal.txt")));
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("'" + command + "' did not succeed within " + START + "; last output: " + last);
    }

    private static void replaceLine(Path file, String key, String line) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<String> out = new ArrayList<>();
        boolean replaced = false;
        for (String l : lines) {
            if (l.matches("\\s*" + Pattern.quote(key) + "\\s*=.*")) {
                out.add(line);
                replaced = true;
            } else {
                out.add(l);
            }
        }
        assertTrue(replaced, file + " has no '" + key + "' line to edit");
        Files.write(file, out);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Path tarball(Path target) throws IOException {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("portcullis-.+\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no portcullis-<version>.tar.gz in " + target));
        }
    }

    private static void sh(String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "'" + command + "' failed: " + out);
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), command + " failed: " + out);
        return out;
    }

    private static int exitStatus(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
