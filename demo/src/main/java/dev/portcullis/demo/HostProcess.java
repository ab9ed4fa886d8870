package dev.portcullis.demo;

import dev.portcullis.api.stream.StreamView;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Portcullis host as a real child process: {@code bin/portcullis run --home <home>} from the distribution,
 * with its own home (etc/, certs/, data/), configured through {@code etc/*.cfg} files, and talked to through its
 * admin socket, exactly as an administrator would.
 */
final class HostProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration DOMAIN_TIMEOUT = Duration.ofSeconds(15);

    private final String label;
    private final Path dist;
    private final Path javaHome;
    private final Path home;
    private final int port;
    private final DemoLog log;
    private final AdminChannel admin;
    private Process process;
    /** Admin commands the demo does not wait for to the end (a ping whose pong never comes). */
    private final ExecutorService slowCommands = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "demo-admin");
        t.setDaemon(true);
        return t;
    });

    private HostProcess(String label, Path dist, Path javaHome, Path home, int port, DemoLog log) {
        this.label = label;
        this.dist = dist;
        this.javaHome = javaHome;
        this.home = home;
        this.port = port;
        this.log = log;
        this.admin = new AdminChannel(home.resolve("data/admin.sock"));
    }

    /** A fresh home {@code home} for a host listening for s2s on 127.0.0.1:{@code port}. */
    static HostProcess create(String label, Path dist, Path home, int port, Path javaHome, DemoLog log) throws IOException {
        Files.createDirectories(home.resolve("etc"));
        Files.createDirectories(home.resolve("certs"));
        Files.createDirectories(home.resolve("data/log"));
        try (Stream<Path> files = Files.list(dist.resolve("etc"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, home.resolve("etc").resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        // the home's own plugins/ (hard links): the demo runs the jars of its start, even while a build replaces
        // the distribution's (FileInstall would hot-update them mid-scene)
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        try (Stream<Path> jars = Files.list(dist.resolve("plugins"))) {
            for (Path jar : jars.filter(j -> j.getFileName().toString().endsWith(".jar")).toList()) {
                Path target = plugins.resolve(jar.getFileName());
                try {
                    Files.createLink(target, jar);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return new HostProcess(label, dist, javaHome, home, port, log);
    }

    String label() {
        return label;
    }

    int port() {
        return port;
    }

    Path home() {
        return home;
    }

    Path logFile() {
        return home.resolve("data/log/portcullis.log");
    }

    Path certs() {
        return home.resolve("certs");
    }

    /** Writes {@code etc/<pid>.cfg}; written beside and moved in, so the host never reads half a file. */
    void config(String pid, Map<String, String> values) throws IOException {
        StringBuilder b = new StringBuilder("# written by the Portcullis demo\n");
        new TreeMap<>(values).forEach((k, v) -> b.append(k).append(" = ").append(escape(v)).append('\n'));
        Path target = home.resolve("etc").resolve(pid + ".cfg");
        Path tmp = home.resolve(".incoming-" + pid + ".tmp");
        Files.writeString(tmp, b, StandardCharsets.ISO_8859_1);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        log.line(label + ": wrote " + target + ":\n" + b);
    }

    /** A local domain: certificate chain and key into certs/, factory config {@code dev.portcullis.domain-<name>}. */
    void domain(String name, DemoCa.Credential credential) throws IOException {
        Path[] pem = credential.writePem(certs(), name);
        config("dev.portcullis.domain-" + name, Map.of("domain", name,
                "certificate", pem[0].toString(), "key", pem[1].toString()));
    }

    /**
     * Starts the host and waits until its admin socket answers, its s2s port accepts connections and it serves
     * every domain in {@code domains}.
     */
    void start(List<String> domains) throws IOException, InterruptedException {
        long logStart = logPosition();
        ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/portcullis").toString(), "run", "--home", home.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.out").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // the hosts run on the demo's own Java
        pb.environment().put("JAVA_HOME", javaHome.toString());
        // a demo host lives for a minute: start fast rather than run fast (bin/portcullis reads this variable)
        pb.environment().put("PORTCULLIS_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto");
        log.line(label + ": starting " + String.join(" ", pb.command()));
        process = pb.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!admin.answers() || !listening()) {
            checkAlive(deadline, "its admin socket and s2s port");
            Thread.sleep(50);
        }
        // the s2s port answers before every domain's certificate is loaded; wait for each, but only a while:
        // a missing domain then shows in the scenes, with the host's own log line
        long domainDeadline = Math.min(deadline, System.nanoTime() + DOMAIN_TIMEOUT.toNanos());
        for (String d : domains) {
            Pattern serving = Pattern.compile("Serving (local )?domain " + Pattern.quote(d) + "\\b");
            while (!serving.matcher(logSince(logStart)).find()) {
                checkAlive(deadline, "serving domain " + d);
                if (System.nanoTime() > domainDeadline) {
                    log.line(label + ": no 'Serving domain " + d + "' in the log; going on");
                    break;
                }
                Thread.sleep(50);
            }
        }
        log.line(label + ": ready (pid " + process.pid() + ")");
    }

    private void checkAlive(long deadline, String what) throws IOException {
        if (!process.isAlive()) {
            throw new IOException("host " + label + " exited with status " + process.exitValue()
                    + " before it was ready; see " + home.resolve("console.out"));
        }
        if (System.nanoTime() > deadline) {
            throw new IOException("host " + label + " did not reach " + what + " within " + START_TIMEOUT.toSeconds()
                    + " s; see " + logFile());
        }
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs one Gogo command, as {@code portcullis admin} does. */
    AdminChannel.Answer admin(String command) throws IOException {
        AdminChannel.Answer a = admin.command(command);
        log.line(label + ": admin '" + command + "' -> " + (a.ok() ? "ok" : "FAILED") + "\n" + a.output());
        return a;
    }

    /**
     * Runs one Gogo command but waits at most {@code timeout}; empty if it has not answered by then (the command
     * goes on in the host, and its answer is dropped).
     */
    Optional<AdminChannel.Answer> admin(String command, Duration timeout) throws IOException, InterruptedException {
        Future<AdminChannel.Answer> answer = slowCommands.submit(() -> admin(command));
        try {
            return Optional.of(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            log.line(label + ": admin '" + command + "' did not answer within " + timeout.toMillis() + " ms");
            return Optional.empty();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** The live streams with their RFC 7590 §3.6 facts. */
    List<StreamView> streams() throws IOException {
        AdminChannel.Answer a = admin("portcullis:streams --json");
        if (!a.ok()) {
            throw new IOException("portcullis:streams --json failed on host " + label + ": " + a.output().strip());
        }
        return StreamJson.parse(a.output());
    }

    long logPosition() {
        try {
            return Files.exists(logFile()) ? Files.size(logFile()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The host's log written after {@code position}. */
    String logSince(long position) {
        try {
            if (!Files.exists(logFile())) {
                return "";
            }
            byte[] all = Files.readAllBytes(logFile());
            int from = (int) Math.min(position, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits up to {@code timeout} for a log line after {@code position} matching {@code regex}; returns it or null. */
    String awaitLog(long position, String regex, Duration timeout) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            for (String line : logSince(position).split("\n")) {
                if (p.matcher(line).find()) {
                    return line;
                }
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return null;
    }

    /** Stops the host cleanly through its admin socket; terminates it if it does not exit in time. */
    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            try {
                admin.stop();
            } catch (IOException e) {
                // going down anyway: waitFor below tells
            }
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                log.line(label + ": did not stop within " + STOP_TIMEOUT.toSeconds() + " s; terminating pid " + process.pid());
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
        log.line(label + ": stopped");
        process = null;
    }

    @Override
    public void close() {
        slowCommands.shutdownNow();
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    private static String escape(String v) {
        StringBuilder b = new StringBuilder();
        for (char c : v.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
