package dev.portcullis.testkit.prosody;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.RequiredTool;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Prosody 0.12 as the federation peer of a test: writes a config into a directory of the test's
 * choosing and runs {@code prosody --config FILE -F} as a child process on loopback.
 *
 * <p>Name resolution. Prosody resolves through libunbound ({@code lua-unbound}). Preferred: a DNS server on
 * loopback ({@link Builder#dnsServer(int)}, e.g. {@code dev.portcullis.testkit.dns.BindServer} with
 * {@code _xmpp-server._tcp} SRV records pointing at ephemeral ports); Prosody then forwards every query there
 * and the built-in {@code test.} zone is made transparent (docs/LIBRARIES.md trap 14). Without a DNS server the
 * harness writes an {@code /etc/hosts}-style file ({@code unbound.hoststxt}, {@link Builder#peer}); libunbound
 * answers the SRV lookups NXDOMAIN from its built-in {@code test.} zone, so Prosody falls back to the A record
 * on port 5269 (RFC 6120 §3.2.2) and never leaves the machine: give each peer its own loopback address
 * ({@link #freeLoopbackAddress()}) listening on 5269. That fails when anything on the machine binds
 * {@code 0.0.0.0:5269} (a system Prosody), which is why the DNS way is preferred.
 *
 * <pre>{@code
 * try (ProsodyServer p = ProsodyServer.builder(dir).host("b.test", pem).caFile(caPem)
 *         .dnsServer(bind.port()).start()) {
 *     assertTrue(p.ping("b.test", "a.test").success());
 * }
 * }</pre>
 *
 * <p>Ask Prosody to do things through its admin shell, e.g. {@link #ping(String, String)}
 * ({@code xmpp:ping} of mod_admin_shell, XEP-0199).
 */
public final class ProsodyServer implements AutoCloseable {
    private static final Pattern PONG = Pattern.compile("pong from (\\S+) in ([0-9.e-]+)s");

    private final Path dir;
    private final Path config;
    private final Path log;
    private final String address;
    private final int s2sPort;
    private final int directTlsPort;
    private final Process process;

    private ProsodyServer(Builder b, Path config, Process process) {
        this.dir = b.dir;
        this.config = config;
        this.log = b.dir.resolve("prosody.log");
        this.address = b.address;
        this.s2sPort = b.s2sPort;
        this.directTlsPort = b.directTlsPort;
        this.process = process;
    }

    /** Starts describing a Prosody whose files live in {@code dir} (created when missing). */
    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** The loopback address Prosody's s2s listener binds to. */
    public String address() {
        return address;
    }

    /** The STARTTLS s2s port (RFC 6120 §3.2.1). */
    public int s2sPort() {
        return s2sPort;
    }

    /** The direct-TLS s2s port (XEP-0368), or 0 when none. */
    public int directTlsPort() {
        return directTlsPort;
    }

    public Path configFile() {
        return config;
    }

    public Path logFile() {
        return log;
    }

    /** Everything Prosody logged so far (debug level). */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    public String logTail(int lines) {
        List<String> all = log().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Waits until the log contains {@code text}; false on timeout. */
    public boolean awaitLog(String text, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            if (log().contains(text)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /**
     * Runs one admin-shell command (mod_admin_shell, over the admin socket) and returns its output.
     * Example: {@code shell("s2s:show()")}.
     */
    public String shell(String command, Duration timeout) throws IOException, InterruptedException {
        Path prosodyctl = RequiredTool.require("prosodyctl", "prosody");
        Process p = new ProcessBuilder(prosodyctl.toString(), "--config", config.toString(), "shell")
                .redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        }
        byte[] out;
        try (InputStream o = p.getInputStream()) {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("prosodyctl shell did not finish within " + timeout + ": " + command);
            }
            out = o.readAllBytes();
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /**
     * Sends an XEP-0199 ping from one of Prosody's hosts to a remote domain ({@code xmpp:ping}) and waits
     * for the answer or error.
     */
    public PingResult ping(String from, String to) throws IOException, InterruptedException {
        String out = shell("xmpp:ping('" + from + "', '" + to + "', 30)", Duration.ofSeconds(40));
        Matcher m = PONG.matcher(out);
        // a pong from the domain pinged, not just the words (mod_admin_shell also prints session events)
        if (m.find() && m.group(1).equalsIgnoreCase(to)) {
            return new PingResult(true, Duration.ofNanos((long) (Double.parseDouble(m.group(2)) * 1e9)), out);
        }
        return new PingResult(false, null, out);
    }

    /** Stops Prosody (SIGTERM, then SIGKILL after 5 s). */
    public void stop() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * A free address in 127.0.0.0/8 (not 127.0.0.1) whose port 5269 is free, so a test's server can be
     * reached on the default s2s port without DNS, in parallel with other tests.
     */
    public static String freeLoopbackAddress() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 100; i++) {
            String a = "127." + r.nextInt(1, 255) + "." + r.nextInt(0, 256) + "." + r.nextInt(2, 255);
            if (portFree(a, 5269)) {
                return a;
            }
        }
        throw new IllegalStateException("no free loopback address with port 5269 found");
    }

    /** A free TCP port on {@code address}. */
    public static int freePort(String address) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean portFree(String address, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The result of {@link #ping}: whether a pong came back, the round trip Prosody measured, its output. */
    public record PingResult(boolean success, Duration roundTrip, String output) {
    }

    /** Describes a Prosody; {@link #start()} writes the config and runs it. */
    public static final class Builder {
        private final Path dir;
        private final Map<String, IssuedCertificate.Pem> hosts = new LinkedHashMap<>();
        private final Map<String, String> hostsTxt = new LinkedHashMap<>();
        private final List<String> modules = new ArrayList<>(
                List.of("tls", "dialback", "saslauth", "disco", "ping", "admin_shell"));
        private final List<String> extraGlobal = new ArrayList<>();
        private Path caFile;
        private String address = "127.0.0.1";
        private int s2sPort;
        private int directTlsPort;
        private int dnsPort;
        private boolean secureAuth = true;
        private boolean requireEncryption = true;
        private Duration startTimeout = Duration.ofSeconds(20);

        private Builder(Path dir) {
            this.dir = dir;
        }

        /** A VirtualHost with its certificate chain and key (PEM, e.g. from {@link IssuedCertificate#writePem}). */
        public Builder host(String domain, IssuedCertificate.Pem pem) {
            hosts.put(domain, pem);
            return this;
        }

        /** The CA Prosody trusts for peer certificates ({@code ssl.cafile}), e.g. the run's {@code TestCa}. */
        public Builder caFile(Path file) {
            this.caFile = file;
            return this;
        }

        /** Where Prosody's s2s listener binds; port 0 picks a free port on that address. Default 127.0.0.1:free. */
        public Builder listen(String loopbackAddress, int port) {
            this.address = loopbackAddress;
            this.s2sPort = port;
            return this;
        }

        /** Also listen for direct TLS s2s (XEP-0368) on this port of the same address; 0 picks a free one. */
        public Builder directTls(int port) {
            this.directTlsPort = port < 0 ? 0 : (port == 0 ? -1 : port);
            return this;
        }

        /** Resolve {@code domain} to {@code address} without DNS (hosts file; Prosody then connects to port 5269). */
        public Builder peer(String domain, String address) {
            hostsTxt.put(domain, address);
            return this;
        }

        /** Forward every DNS query to a DNS server on 127.0.0.1:{@code port} (e.g. the BIND harness). */
        public Builder dnsServer(int port) {
            this.dnsPort = port;
            return this;
        }

        /** {@code s2s_secure_auth}: refuse peers whose certificate cannot be verified (default true). */
        public Builder secureAuth(boolean secure) {
            this.secureAuth = secure;
            return this;
        }

        /** {@code s2s_require_encryption} (default true). */
        public Builder requireEncryption(boolean require) {
            this.requireEncryption = require;
            return this;
        }

        /** Replaces the enabled modules (default tls, dialback, saslauth, disco, ping, admin_shell). */
        public Builder modules(String... names) {
            modules.clear();
            modules.addAll(List.of(names));
            if (!modules.contains("admin_shell")) {
                modules.add("admin_shell"); // the harness drives Prosody through it
            }
            return this;
        }

        /** A raw line for the global section of the config (Lua). */
        public Builder global(String luaLine) {
            extraGlobal.add(luaLine);
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Writes the config, starts Prosody and waits until its s2s port accepts connections. */
        public ProsodyServer start() throws IOException, InterruptedException {
            Path prosody = RequiredTool.require("prosody", "prosody lua-unbound");
            if (!Files.exists(Path.of("/usr/share/doc/lua-unbound")) && !Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/liblua5.1-unbound.so.0"))
                    && !Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/liblua5.1-unbound.so.0"))) {
                throw new AssertionError("lua-unbound is not installed; Prosody needs it to resolve peers. "
                        + "Install it with: apt-get install -y lua-unbound (.ci/run does this on CI)");
            }
            Files.createDirectories(dir.resolve("data"));
            Path certs = Files.createDirectories(dir.resolve("certs"));
            for (Map.Entry<String, IssuedCertificate.Pem> h : hosts.entrySet()) {
                // direct-TLS listeners pick their certificate by SNI from the certificates directory only
                Files.copy(h.getValue().certificate(), certs.resolve(h.getKey() + ".crt"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.copy(h.getValue().key(), certs.resolve(h.getKey() + ".key"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            if (s2sPort == 0) {
                s2sPort = freePort(address);
            }
            if (directTlsPort == -1) {
                directTlsPort = freePort(address);
            }
            Path config = dir.resolve("prosody.cfg.lua");
            Files.writeString(config, configText());
            Files.deleteIfExists(dir.resolve("prosody.log"));
            Process p = new ProcessBuilder(prosody.toString(), "--config", config.toString(), "-F")
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prosody.out").toFile())
                    .start();
            ProsodyServer server = new ProsodyServer(this, config, p);
            Instant end = Instant.now().plus(startTimeout);
            while (Instant.now().isBefore(end)) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("Prosody exited with " + p.exitValue() + " during start:\n"
                            + Files.readString(dir.resolve("prosody.out")) + "\n" + server.logTail(40));
                }
                if (server.log().contains("Activated service 's2s'") && connectable(address, s2sPort)) {
                    return server;
                }
                Thread.sleep(100);
            }
            server.stop();
            throw new IllegalStateException("Prosody did not listen on " + address + ":" + s2sPort + " within "
                    + startTimeout + ":\n" + server.logTail(40));
        }

        private static boolean connectable(String host, int port) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        String configText() throws IOException {
            StringBuilder c = new StringBuilder();
            c.append("-- written by dev.portcullis.testkit.prosody.ProsodyServer\n");
            c.append("run_as_root = true\n");
            c.append("daemonize = false\n");
            c.append("pidfile = ").append(lua(dir.resolve("prosody.pid"))).append('\n');
            c.append("data_path = ").append(lua(dir.resolve("data"))).append('\n');
            c.append("certificates = ").append(lua(dir.resolve("certs"))).append('\n');
            c.append("admin_socket = ").append(lua(dir.resolve("admin.sock"))).append('\n');
            c.append("log = { debug = ").append(lua(dir.resolve("prosody.log"))).append(" }\n");
            c.append("modules_enabled = { ").append(String.join(", ", modules.stream().map(Builder::lua).toList()))
                    .append(" }\n");
            c.append("modules_disabled = { \"c2s\" }\n");
            c.append("interfaces = { ").append(lua(address)).append(" }\n");
            c.append("local_interfaces = { ").append(lua(address)).append(" }\n");
            c.append("s2s_ports = { ").append(s2sPort).append(" }\n");
            c.append("s2s_direct_tls_ports = { ").append(directTlsPort > 0 ? String.valueOf(directTlsPort) : "")
                    .append(" }\n");
            c.append("c2s_ports = { }\nc2s_direct_tls_ports = { }\nhttp_ports = { }\nhttps_ports = { }\n");
            c.append("s2s_secure_auth = ").append(secureAuth).append('\n');
            c.append("s2s_require_encryption = ").append(requireEncryption).append('\n');
            c.append("s2s_timeout = 20\n");
            if (caFile != null) {
                c.append("ssl = { cafile = ").append(lua(caFile)).append(" }\n");
            }
            if (dnsPort > 0) {
                c.append("unbound = { resolvconf = false; hoststxt = false; forward = { \"127.0.0.1@").append(dnsPort)
                        .append("\" }; options = { [\"local-zone\"] = \"test. transparent\" } }\n");
            } else {
                Path hostsFile = dir.resolve("hosts");
                StringBuilder h = new StringBuilder();
                hostsTxt.forEach((d, a) -> h.append(a).append(' ').append(d).append('\n'));
                Files.writeString(hostsFile, h.toString());
                // SRV lookups are answered NXDOMAIN by libunbound's built-in test. zone: fallback to port 5269.
                c.append("unbound = { resolvconf = false; hoststxt = ").append(lua(hostsFile)).append(" }\n");
            }
            extraGlobal.forEach(l -> c.append(l).append('\n'));
            for (Map.Entry<String, IssuedCertificate.Pem> h : hosts.entrySet()) {
                c.append("\nVirtualHost ").append(lua(h.getKey())).append('\n');
                c.append("  ssl = { certificate = ").append(lua(h.getValue().certificate()))
                        .append("; key = ").append(lua(h.getValue().key()));
                if (caFile != null) {
                    c.append("; cafile = ").append(lua(caFile));
                }
                c.append(" }\n");
            }
            return c.toString();
        }

        private static String lua(Object value) {
            String s = value.toString();
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }
}
