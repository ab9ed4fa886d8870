package dev.portcullis.demo;

import dev.portcullis.api.stream.StreamView;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.host.AdminResult;
import dev.portcullis.testkit.host.PortcullisHome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One of the demo's two hosts: the test kit's {@link PortcullisHome} (the real {@code bin/portcullis run} child
 * process, its home and admin socket) with what only the demo needs — a label for messages, its s2s port, every
 * config and admin answer mirrored into the demo log, and its streams read back as {@link StreamView}s.
 */
final class DemoHost implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration DOMAIN_TIMEOUT = Duration.ofSeconds(15);
    /** A demo host lives for a minute: start fast rather than run fast ({@code PORTCULLIS_JAVA_OPTS}). */
    private static final String JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto";

    private final String label;
    private final int port;
    private final DemoLog log;
    private final PortcullisHome home;

    private DemoHost(String label, int port, DemoLog log, PortcullisHome home) {
        this.label = label;
        this.port = port;
        this.log = log;
        this.home = home;
    }

    /** A fresh home {@code home} for a host listening for s2s on 127.0.0.1:{@code port}. */
    static DemoHost create(String label, Path dist, Path home, int port, DemoLog log) {
        return new DemoHost(label, port, log, PortcullisHome.create(dist, home).javaOptions(JAVA_OPTIONS));
    }

    String label() {
        return label;
    }

    Path home() {
        return home.dir();
    }

    Path consoleFile() {
        return home.consoleFile();
    }

    /** Writes {@code etc/<pid>.cfg}, as an administrator would. */
    void config(String pid, Map<String, String> values) {
        home.config(pid, values);
        log.line(label + ": wrote " + home.etc().resolve(pid + ".cfg") + ": " + new java.util.TreeMap<>(values));
    }

    /** A local domain: certificate chain and key into certs/, factory config {@code dev.portcullis.domain-<name>}. */
    void domain(String name, IssuedCertificate certificate) {
        home.domain(name, certificate);
        log.line(label + ": domain " + name + " with " + home.certs().resolve(name + ".crt"));
    }

    /**
     * Starts the host and waits until its admin socket answers, its s2s port accepts connections and it serves
     * every domain in {@code domains}.
     */
    void start(List<String> domains) throws IOException, InterruptedException {
        long logStart = home.logPosition();
        log.line(label + ": starting bin/portcullis run --home " + home.dir());
        home.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!listening()) {
            checkAlive(deadline, "its s2s port " + port);
            Thread.sleep(50);
        }
        // the s2s port answers before every domain's certificate is loaded; wait for each, but only a while:
        // a missing domain then shows in the scenes, with the host's own log line
        long domainDeadline = Math.min(deadline, System.nanoTime() + DOMAIN_TIMEOUT.toNanos());
        for (String d : domains) {
            Duration left = Duration.ofNanos(Math.max(0, domainDeadline - System.nanoTime()));
            if (home.findLogSince(logStart, "Serving (local )?domain " + Pattern.quote(d) + "\\b", left).isEmpty()) {
                checkAlive(deadline, "serving domain " + d);
                log.line(label + ": no 'Serving domain " + d + "' in the log; going on");
            }
        }
        log.line(label + ": ready");
    }

    private void checkAlive(long deadline, String what) throws IOException {
        if (!home.isRunning()) {
            throw new IOException("host " + label + " exited before it was ready; see " + home.consoleFile());
        }
        if (System.nanoTime() > deadline) {
            throw new IOException("host " + label + " did not reach " + what + " within " + START_TIMEOUT.toSeconds()
                    + " s; see " + home.logFile());
        }
    }

    boolean running() {
        return home.isRunning();
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs one Gogo command, as {@code portcullis admin} does; failed or not. */
    AdminResult admin(String command) {
        return logged(command, home.adminResult(command));
    }

    /** Runs one Gogo command but waits at most {@code timeout}; empty if it has not answered by then. */
    Optional<AdminResult> admin(String command, Duration timeout) {
        Optional<AdminResult> r = home.adminResult(command, timeout);
        if (r.isEmpty()) {
            log.line(label + ": admin '" + command + "' did not answer within " + timeout.toMillis() + " ms");
        }
        return r.map(a -> logged(command, a));
    }

    private AdminResult logged(String command, AdminResult a) {
        log.line(label + ": admin '" + command + "' -> " + a);
        return a;
    }

    /** What a command printed: its output when it succeeded, else its error. */
    static String output(AdminResult a) {
        return a.ok() ? a.stdout() : a.stderr();
    }

    /** The live streams with their RFC 7590 §3.6 facts. */
    List<StreamView> streams() throws IOException {
        AdminResult a = admin("portcullis:streams --json");
        if (!a.ok()) {
            throw new IOException("portcullis:streams --json failed on host " + label + ": " + a.stderr().strip());
        }
        return StreamJson.parse(a.stdout());
    }

    long logPosition() {
        return home.logPosition();
    }

    /** The host's log written after {@code position}. */
    String logSince(long position) {
        return home.logSince(position);
    }

    /** Waits up to {@code timeout} for a log line after {@code position} matching {@code regex}; returns it or null. */
    String awaitLog(long position, String regex, Duration timeout) {
        return home.findLogSince(position, regex, timeout).orElse(null);
    }

    /** Stops the host cleanly through its admin socket; terminates it if it does not exit in time. */
    void stop() {
        home.stop();
        log.line(label + ": stopped");
    }

    @Override
    public void close() {
        home.close();
        log.line(label + ": stopped");
    }
}
