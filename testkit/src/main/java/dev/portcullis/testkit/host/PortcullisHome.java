package dev.portcullis.testkit.host;

import dev.portcullis.testkit.IssuedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Portcullis host for integration tests: a fresh home made from the built distribution, the real
 * launcher ({@code bin/portcullis run}) as a child process, and its admin socket.
 *
 * <pre>{@code
 * try (PortcullisHome host = PortcullisHome.create("my-test")) {
 *     host.config("dev.portcullis.tls", Map.of("profile", "rfc9325"));
 *     host.domain("a.test", ca.issue("a.test"));
 *     host.start();
 *     host.awaitLog("listening on .*:(\\d+)", Duration.ofSeconds(10));
 *     String bundles = host.admin("lb");
 * }
 * }</pre>
 *
 * The distribution folder comes from the system property {@value #DIST_PROPERTY} (set by
 * {@code integration-tests/pom.xml} to {@code bundles/launcher/target/portcullis}). Homes are created under
 * {@value #HOMES_PROPERTY} (default: the temp folder); {@link #close()} keeps a home's logs and config
 * but deletes its bundle cache, unless {@value #KEEP_PROPERTY}{@code =true}.
 * The home gets its own {@code plugins/} (hard links to the distribution's jars), so replacing a plugin
 * never touches the build.
 */
public final class PortcullisHome implements AutoCloseable {

    public static final String DIST_PROPERTY = "portcullis.dist";
    public static final String HOMES_PROPERTY = "portcullis.homes";
    public static final String KEEP_PROPERTY = "portcullis.keepHomes";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path dist;
    private final Path home;
    private Process process;
    private String javaOptions;

    private PortcullisHome(Path dist, Path home) {
        this.dist = dist;
        this.home = home;
    }

    /** A new home named after {@code label} (e.g. the test class), from the distribution in {@value #DIST_PROPERTY}. */
    public static PortcullisHome create(String label) {
        String d = System.getProperty(DIST_PROPERTY);
        if (d == null) {
            throw new IllegalStateException("system property " + DIST_PROPERTY + " is not set: point it at the built "
                    + "distribution (bundles/launcher/target/portcullis; build it with "
                    + "'mvn -B -DskipTests install -pl bundles/launcher -am')");
        }
        String homes = System.getProperty(HOMES_PROPERTY, System.getProperty("java.io.tmpdir"));
        try {
            Path parent = Files.createDirectories(Path.of(homes));
            return create(Path.of(d), uniqueDir(parent, label));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a home under " + homes, e);
        }
    }

    /**
     * {@code <label>-<6 random base-36 chars>}: short, because the admin socket path inside the home must stay
     * under the Unix limit of about 107 bytes (the label is cut to 24 characters).
     */
    private static Path uniqueDir(Path parent, String label) throws IOException {
        String safe = label.replaceAll("[^A-Za-z0-9_.-]", "_");
        safe = safe.substring(0, Math.min(24, safe.length()));
        java.security.SecureRandom random = new java.security.SecureRandom();
        for (int attempt = 0; ; attempt++) {
            String suffix = Long.toString((random.nextLong() >>> 1) % 2_176_782_336L, 36);
            try {
                return Files.createDirectory(parent.resolve(safe + "-" + suffix));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 20) {
                    throw e;
                }
            }
        }
    }

    /** A home in {@code home} (created if missing) from the distribution {@code dist}. */
    public static PortcullisHome create(Path dist, Path home) {
        Path d = dist.toAbsolutePath().normalize();
        if (!Files.isExecutable(d.resolve("bin/portcullis"))) {
            throw new IllegalStateException("no Portcullis distribution at " + d + " (no executable bin/portcullis); "
                    + "build it with 'mvn -B -DskipTests install -pl bundles/launcher -am'");
        }
        Path h = home.toAbsolutePath().normalize();
        try {
            copyTree(d.resolve("etc"), h.resolve("etc"));
            // No Web Console listener unless a test configures one (with a free port): the shipped fixed
            // port would make parallel hosts, and a host an admin runs beside the tests, fight over it.
            Files.deleteIfExists(h.resolve("etc/org.apache.felix.http.cfg"));
            Files.createDirectories(h.resolve("certs"));
            Files.createDirectories(h.resolve("data/log"));
            Path plugins = Files.createDirectories(h.resolve("plugins"));
            try (Stream<Path> jars = Files.list(d.resolve("plugins"))) {
                for (Path jar : jars.toList()) {
                    link(jar, plugins.resolve(jar.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare home " + h, e);
        }
        return new PortcullisHome(d, h);
    }

    public Path dir() {
        return home;
    }

    public Path etc() {
        return home.resolve("etc");
    }

    public Path certs() {
        return home.resolve("certs");
    }

    public Path plugins() {
        return home.resolve("plugins");
    }

    public Path logFile() {
        return home.resolve("data/log/portcullis.log");
    }

    /** Where the host process's stdout and stderr go. */
    public Path consoleFile() {
        return home.resolve("console.out");
    }

    public Path adminSocket() {
        return home.resolve("data/admin.sock");
    }

    /**
     * Writes {@code etc/<pid>.cfg} (Java properties; a running host picks it up within a second).
     * Written beside and moved into place, so the host never reads half a file.
     */
    public PortcullisHome config(String pid, Map<String, String> values) {
        StringBuilder b = new StringBuilder("# written by " + PortcullisHome.class.getSimpleName() + "\n");
        new TreeMap<>(values).forEach((k, v) -> b.append(escape(k, true)).append(" = ").append(escape(v, false)).append('\n'));
        writeAtomically(etc().resolve(pid + ".cfg"), b.toString().getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    /** Deletes {@code etc/<pid>.cfg}: FileInstall then deletes the configuration. */
    public PortcullisHome removeConfig(String pid) {
        try {
            Files.deleteIfExists(etc().resolve(pid + ".cfg"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * A domain this host serves: writes {@code certs/<name>.crt} (chain) and {@code certs/<name>.key}, and the
     * factory configuration {@code etc/dev.portcullis.domain-<name>.cfg} with {@code domain}, {@code certificate}
     * and {@code key}.
     */
    public PortcullisHome domain(String name, IssuedCertificate certificate) {
        try {
            IssuedCertificate.Pem pem = certificate.writePem(certs(), name);
            return config("dev.portcullis.domain-" + name, Map.of(
                    "domain", name,
                    "certificate", pem.certificate().toString(),
                    "key", pem.key().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Logs {@code logger} (a logger name such as {@code dev.portcullis.dialback}) at DEBUG, as an administrator
     * would: two {@code log4j2.logger.*} lines appended to {@code etc/org.ops4j.pax.logging.cfg} (README,
     * "Logging"). Used by tests that assert on a bundle's per-peer debug lines, which are off by default.
     */
    public PortcullisHome debugLog(String logger) {
        Path cfg = etc().resolve("org.ops4j.pax.logging.cfg");
        String key = "log4j2.logger." + logger.replace('.', '_');
        try {
            String text = Files.readString(cfg, StandardCharsets.ISO_8859_1);
            text += "\n" + key + ".name = " + logger + "\n" + key + ".level = DEBUG\n";
            writeAtomically(cfg, text.getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot turn on debug logging in " + cfg, e);
        }
        return this;
    }

    /**
     * JVM options for the next {@link #start()} ({@code PORTCULLIS_JAVA_OPTS}, host-level options the launcher
     * passes to the host's own JVM, e.g. {@code -Djdk.tls.server.enableStatusRequestExtension=true}).
     */
    public PortcullisHome javaOptions(String options) {
        this.javaOptions = options;
        return this;
    }

    /** Starts {@code bin/portcullis run --home <this>} and returns once its admin socket answers. */
    public PortcullisHome start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("host " + home + " is already running");
        }
        ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/portcullis").toString(), "run", "--home", home.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        if (javaOptions != null) {
            pb.environment().put("PORTCULLIS_JAVA_OPTS", javaOptions);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            process = pb.start();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("host " + home + " exited with status " + process.exitValue()
                            + " before it was ready:\n" + tail(consoleFile(), 60));
                }
                if (Files.exists(adminSocket()) && AdminConnection.answers(adminSocket())) {
                    return this;
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("host " + home + " was not ready within " + START_TIMEOUT.toSeconds()
                            + " s:\n" + tail(consoleFile(), 60));
                }
                Thread.sleep(20);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + dist.resolve("bin/portcullis"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + home, e);
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Runs one Gogo command in the host (as {@code portcullis admin} does) and returns its stdout; fails the test
     * when the command exits non-zero. Use {@link #adminResult} for a command expected to fail.
     */
    public String admin(String command) {
        AdminResult r = adminResult(command);
        if (!r.ok()) {
            throw new AssertionError("admin command '" + command + "' failed in host " + home + ": " + r
                    + "\n--- last lines of " + logFile() + ":\n" + tail(logFile(), 40));
        }
        return r.stdout();
    }

    /**
     * {@code portcullis:ping from to} (XEP-0199) and its round trip; fails the test unless the command exits 0
     * with exactly {@code pong from <to> in <ms> ms}.
     */
    public Duration ping(String from, String to) {
        String out = admin("portcullis:ping " + from + " " + to);
        Matcher m = Pattern.compile("pong from " + Pattern.quote(to) + " in (\\d+\\.\\d{3}) ms\n").matcher(out);
        if (!m.matches()) {
            throw new AssertionError("portcullis:ping " + from + " " + to + " exited 0 but printed not exactly 'pong from "
                    + to + " in N ms': '" + out + "'");
        }
        return Duration.ofNanos(Math.round(Double.parseDouble(m.group(1)) * 1_000_000));
    }

    /**
     * Runs one Gogo command that is expected to fail and returns its result; fails the test when it exits 0 or
     * prints anything on stdout.
     */
    public AdminResult adminFailure(String command) {
        AdminResult r = adminResult(command);
        if (r.ok() || !r.stdout().isEmpty()) {
            throw new AssertionError("admin command '" + command + "' was expected to fail in host " + home + ": " + r);
        }
        return r;
    }

    /**
     * Runs {@code bin/portcullis admin --home <this> <words...>}, the script an administrator types, and returns
     * its exit status, stdout and stderr (slower than {@link #adminResult}: a JVM per call).
     */
    public AdminResult adminScript(String... words) {
        List<String> command = new ArrayList<>(List.of(dist.resolve("bin/portcullis").toString(), "admin", "--home",
                home.toString()));
        command.addAll(List.of(words));
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        try {
            Path err = Files.createTempFile(home, ".admin-", ".err");
            pb.redirectError(err.toFile());
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("'" + String.join(" ", command) + "' did not finish within 60 s");
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            Files.delete(err);
            return new AdminResult(p.exitValue(), new String(out, StandardCharsets.UTF_8), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /**
     * Runs one Gogo command but waits at most {@code timeout} for its answer; empty when none came by then (the
     * command goes on in the host and its answer is dropped). For a command that may wait long by design, such
     * as {@code portcullis:ping} to a peer whose pong never comes.
     */
    public Optional<AdminResult> adminResult(String command, Duration timeout) {
        FutureTask<AdminResult> answer = new FutureTask<>(() -> adminResult(command));
        Thread t = new Thread(answer, "admin-" + home.getFileName());
        t.setDaemon(true);
        t.start();
        try {
            return Optional.of(answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            t.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for admin command '" + command + "'", e);
        }
    }

    /** Runs one Gogo command and returns its result, failed or not. */
    public AdminResult adminResult(String command) {
        try {
            return AdminConnection.command(adminSocket(), command);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the admin socket of host " + home
                    + (isRunning() ? "" : " (the host is not running)"), e);
        }
    }

    /** The whole log file so far ({@code data/log/portcullis.log}). */
    public String log() {
        return read(logFile());
    }

    /** Size of the log so far: pass it to {@link #awaitLogSince} to wait for something new. */
    public long logPosition() {
        try {
            return Files.exists(logFile()) ? Files.size(logFile()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The log written after {@code position} (see {@link #logPosition()}). */
    public String logSince(long position) {
        return readFrom(logFile(), position);
    }

    /**
     * Waits up to {@code timeout} for a line written after {@code position} that matches {@code regex}; empty when
     * none came (unlike {@link #awaitLogSince}, which fails the test), for callers that report a missing line.
     */
    public Optional<String> findLogSince(long position, String regex, Duration timeout) {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : logSince(position).split("\n")) {
                if (p.matcher(line).find()) {
                    return Optional.of(line);
                }
            }
            if (System.nanoTime() > deadline || !isRunning()) {
                return Optional.empty();
            }
            sleep(50);
        }
    }

    /** Waits until a line of the log matches {@code regex}; returns that line. */
    public String awaitLog(String regex, Duration timeout) {
        return awaitLogSince(0, regex, timeout);
    }

    /** Waits until a line written after {@code position} (see {@link #logPosition()}) matches {@code regex}. */
    public String awaitLogSince(long position, String regex, Duration timeout) {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String text = readFrom(logFile(), position);
            for (String line : text.split("\n")) {
                Matcher m = p.matcher(line);
                if (m.find()) {
                    return line;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no log line matching /" + regex + "/ within " + timeout.toMillis() + " ms in "
                        + logFile() + "; last lines:\n" + tail(logFile(), 40));
            }
            if (process != null && !process.isAlive()) {
                throw new AssertionError("host " + home + " exited (status " + process.exitValue() + ") while waiting for /"
                        + regex + "/:\n" + tail(consoleFile(), 40));
            }
            sleep(50);
        }
    }

    /** Copies {@code jar} into {@code plugins/} under its own name (FileInstall installs and starts it). */
    public Path deployPlugin(Path jar) {
        Path target = plugins().resolve(jar.getFileName());
        writeAtomically(target, jar);
        return target;
    }

    /**
     * Replaces the plugin jar with the same {@code Bundle-SymbolicName} as {@code newJar}, keeping the old file
     * name, so FileInstall updates that bundle in place (same bundle id). Returns the replaced file.
     */
    public Path replacePlugin(Path newJar) {
        String name = symbolicName(newJar);
        try (Stream<Path> s = Files.list(plugins())) {
            Path old = s.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .filter(p -> name.equals(symbolicName(p)))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no plugin with Bundle-SymbolicName " + name + " in " + plugins()));
            writeAtomically(old, newJar);
            return old;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a plugin jar by file name (FileInstall uninstalls the bundle). */
    public PortcullisHome removePlugin(String fileName) {
        try {
            Files.delete(plugins().resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * Stops the host cleanly through the admin socket ({@code portcullis stop}); if it does not exit in time,
     * terminates it, and then kills it. Returns the exit status.
     */
    public int stop() {
        if (process == null) {
            return 0;
        }
        try {
            if (process.isAlive() && AdminConnection.answers(adminSocket())) {
                try {
                    AdminConnection.stop(adminSocket());
                } catch (IOException e) {
                    // the host went down while answering: waitFor below tells
                }
            }
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    /** Kills the host with SIGKILL (no shutdown hook, no flush): what a crash or the OOM killer does. */
    public void kill() {
        if (process == null) {
            return;
        }
        try {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the host printed on stdout and stderr. */
    public String console() {
        return read(consoleFile());
    }

    @Override
    public void close() {
        stop();
        if (Boolean.getBoolean(KEEP_PROPERTY)) {
            return;
        }
        // logs, console and config stay for a failed test's diagnosis; the bundle cache is large and useless
        deleteTree(home.resolve("data/felix-cache"));
        deleteTree(plugins());
    }

    @Override
    public String toString() {
        return "PortcullisHome[" + home + (isRunning() ? ", running" : "") + "]";
    }

    // ---- helpers

    private static String symbolicName(Path jar) {
        try (InputStream in = Files.newInputStream(jar); JarInputStream j = new JarInputStream(in)) {
            Manifest m = j.getManifest();
            String bsn = m == null ? null : m.getMainAttributes().getValue("Bundle-SymbolicName");
            if (bsn == null) {
                throw new IllegalArgumentException(jar + " is not an OSGi bundle (no Bundle-SymbolicName)");
            }
            return bsn.split(";")[0].trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Written next to the target under a name FileInstall ignores, then renamed: the watcher sees one complete file. */
    private void writeAtomically(Path target, Object content) {
        try {
            Path tmp = home.resolve(".incoming-" + target.getFileName() + ".tmp");
            if (content instanceof byte[] bytes) {
                Files.write(tmp, bytes);
            } else {
                Files.copy((Path) content, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static void link(Path from, Path to) throws IOException {
        try {
            Files.createLink(to, from);
        } catch (FileSystemException | UnsupportedOperationException e) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : s.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a leftover cache in a test folder harms nothing
        }
    }

    private static String escape(String s, boolean key) {
        Objects.requireNonNull(s, "config keys and values must not be null");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '=', ':', '#', '!' -> b.append(key ? "\\" + c : String.valueOf(c));
                case ' ' -> b.append(key || i == 0 ? "\\ " : " ");
                default -> {
                    if (c > 0x7e || c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static String read(Path file) {
        return readFrom(file, 0);
    }

    private static String readFrom(Path file, long position) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            byte[] all = Files.readAllBytes(file);
            int from = (int) Math.min(position, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path file, int lines) {
        String[] all = read(file).split("\n");
        List<String> last = new ArrayList<>(List.of(all).subList(Math.max(0, all.length - lines), all.length));
        return String.join("\n", last);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
