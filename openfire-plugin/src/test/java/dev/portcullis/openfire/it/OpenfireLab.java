package dev.portcullis.openfire.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * A real Openfire 5.1.1 from the vendored distribution, unpacked fresh into the test's directory and started
 * headless on loopback (the vendored README's way: {@code java -jar lib/startup.jar}), with its own free ports,
 * the embedded HSQLDB and autosetup (domain {@code of.test}). The plugin monitor looks at {@code plugins/}
 * every second, so a copied, replaced or deleted plugin jar is acted on quickly.
 */
final class OpenfireLab implements AutoCloseable {

    static final String DOMAIN = "of.test";
    private static final String PLUGIN_JAR = "portcullis-openfire.jar";
    /** The ports openfire.xml.example assigns; each is replaced by a free one. */
    private static final Pattern EXAMPLE_PORT = Pattern.compile(">(2[89]\\d{3})<");

    private final Path home;
    private final Process process;
    private final Map<Integer, Integer> ports;
    private final String address;

    private OpenfireLab(Path home, Process process, Map<Integer, Integer> ports, String address) {
        this.home = home;
        this.process = process;
        this.ports = ports;
        this.address = address;
    }

    /**
     * Unpacks and starts Openfire in {@code dir}; waits until its s2s port listens and all plugins are processed.
     *
     * @param address     the loopback address every listener binds to
     * @param s2sPort     the STARTTLS s2s port, or 0 for a free one
     * @param dnsOverride {@code dnsutil.dnsOverride} entries: peer domain to {@code host:port}
     */
    static OpenfireLab start(Path dir, boolean withPlugin, String address, int s2sPort, Map<String, String> dnsOverride)
            throws IOException, InterruptedException {
        return start(dir, withPlugin, address, s2sPort, dnsOverride, Map.of(), null);
    }

    /**
     * As above, with Openfire system properties ({@code a.b.c = v}), written into openfire.xml as
     * {@code <a><b><c>v</c></b></a>}, which autosetup copies into the database on the first start, and a CA
     * ({@code trustedCa}, PEM, or {@code null}) added to Openfire's s2s trust store before it starts.
     */
    static OpenfireLab start(Path dir, boolean withPlugin, String address, int s2sPort, Map<String, String> dnsOverride,
                             Map<String, String> properties, Path trustedCa) throws IOException, InterruptedException {
        dir = dir.toAbsolutePath();
        Path tarball = Path.of(required("openfire.tarball"));
        Path example = Path.of(required("openfire.xml.example"));
        if (!Files.isRegularFile(tarball) || !Files.isRegularFile(example)) {
            throw new AssertionError("The vendored Openfire is missing (" + tarball + ", " + example + "); the build expects it in "
                    + "../shared/vendor/openfire beside the checkout, or -Dopenfire.vendor.dir=DIR");
        }
        deleteTree(dir);
        Files.createDirectories(dir);
        run(dir, Duration.ofMinutes(2), "tar", "-xzf", tarball.toString(), "-C", dir.toString());
        Path home = dir.resolve("openfire-5.1.1");

        String xml = Files.readString(example, StandardCharsets.UTF_8);
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        Matcher m = EXAMPLE_PORT.matcher(xml);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int original = Integer.parseInt(m.group(1));
            int port = ports.computeIfAbsent(original, p -> p == 28269 && s2sPort != 0 ? s2sPort : freePort(address));
            m.appendReplacement(out, ">" + port + "<");
        }
        m.appendTail(out);
        xml = out.toString().replace("<interface>127.0.0.1</interface>", "<interface>" + address + "</interface>");
        StringBuilder extra = new StringBuilder("<plugins><loading><monitor><interval>1</interval></monitor></loading></plugins>");
        if (!dnsOverride.isEmpty()) {
            StringBuilder o = new StringBuilder();
            dnsOverride.forEach((domain, target) -> o.append('{').append(domain).append(',').append(target).append('}'));
            extra.append("<dnsutil><dnsOverride>").append(o).append("</dnsOverride></dnsutil>");
        }
        extra.append(xmlTree(properties));
        xml = xml.replace("</jive>", extra + "</jive>");
        Files.writeString(home.resolve("conf/openfire.xml"), xml, StandardCharsets.UTF_8);
        if (withPlugin) {
            Files.copy(pluginJar(), home.resolve("plugins").resolve(PLUGIN_JAR));
        }

        if (trustedCa != null) {
            trustCa(home, trustedCa);
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // SoftRefLRUPolicyMSPerMB=0: a GC also clears soft references (JDK caches hold a few on an unloaded plugin's
        // objects until memory runs short), so a class-loader count after a GC shows only what is strongly held
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:SoftRefLRUPolicyMSPerMB=0",
                "-DopenfireHome=" + home, "-Dopenfire.lib.dir=" + home.resolve("lib"),
                "-Dlog4j.configurationFile=" + home.resolve("lib/log4j2.xml"),
                "-Djava.security.properties=" + home.resolve("resources/security/java.security"),
                "-Dlog4j2.formatMsgNoLookups=true",
                "-jar", home.resolve("lib/startup.jar").toString())
                .directory(home.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile());
        OpenfireLab lab = new OpenfireLab(home, pb.start(), ports, address);
        try {
            lab.awaitLogCount("ConnectionListener[socket_s2s] - Started.", 1, Duration.ofSeconds(180));
            lab.awaitListening(lab.s2sPort(), Duration.ofSeconds(30));
        } catch (AssertionError | RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /** {@code a.b.c = v, a.d = w} as one tree {@code <a><b><c>v</c></b><d>w</d></a>}: Openfire reads one element per name. */
    static String xmlTree(Map<String, String> properties) {
        Map<String, Object> root = new java.util.TreeMap<>();
        properties.forEach((name, value) -> {
            Map<String, Object> node = root;
            String[] parts = name.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new java.util.TreeMap<>());
                node = child;
            }
            node.put(parts[parts.length - 1], value);
        });
        StringBuilder sb = new StringBuilder();
        appendTree(sb, root);
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void appendTree(StringBuilder sb, Map<String, Object> node) {
        node.forEach((name, value) -> {
            sb.append('<').append(name).append('>');
            if (value instanceof Map<?, ?> m) {
                appendTree(sb, (Map<String, Object>) m);
            } else {
                sb.append(value);
            }
            sb.append("</").append(name).append('>');
        });
    }

    /** Adds a CA to Openfire's s2s trust store ({@code resources/security/truststore}), as an administrator would. */
    private static void trustCa(Path home, Path caPem) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        run(home, Duration.ofSeconds(60), keytool.toString(), "-importcert", "-noprompt", "-alias", "portcullis-test-ca",
                "-file", caPem.toString(), "-keystore", home.resolve("resources/security/truststore").toString(),
                "-storepass", "changeit");
    }

    static Path pluginJar() {
        Path jar = Path.of(required("openfire.plugin.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: build the plugin first (mvn package -pl openfire-plugin)");
        }
        return jar;
    }

    String address() {
        return address;
    }

    int s2sPort() {
        return ports.get(28269);
    }

    int adminPort() {
        return ports.get(29090);
    }

    long pid() {
        return process.pid();
    }

    Path home() {
        return home;
    }

    String log() throws IOException {
        Path log = home.resolve("logs/openfire.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    String stdout() throws IOException {
        return Files.readString(home.resolveSibling("stdout.log"), StandardCharsets.UTF_8);
    }

    /** Lines of Openfire's log at ERROR level that come from the plugin or its bundles. */
    List<String> portcullisErrors() throws IOException {
        return log().lines().filter(l -> l.contains("ERROR") && (l.contains("dev.portcullis") || l.contains("Portcullis")))
                .toList();
    }

    int count(String text) throws IOException {
        String log = log();
        int n = 0;
        for (int i = log.indexOf(text); i >= 0; i = log.indexOf(text, i + text.length())) {
            n++;
        }
        return n;
    }

    /** Waits until Openfire's log holds {@code text} at least {@code times} times. */
    void awaitLogCount(String text, int times, Duration timeout) throws IOException, InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (count(text) < times) {
            if (Instant.now().isAfter(end) || !process.isAlive()) {
                throw new AssertionError("Openfire's log does not hold \"" + text + "\" " + times + " times within " + timeout
                        + " (it does " + count(text) + " times). Log tail:\n" + tail(log(), 40));
            }
            Thread.sleep(200);
        }
    }

    void awaitStdout(String text, Duration timeout) throws IOException, InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (!stdout().contains(text)) {
            if (Instant.now().isAfter(end) || !process.isAlive()) {
                throw new AssertionError("Openfire did not print \"" + text + "\" within " + timeout + ". stdout:\n"
                        + tail(stdout(), 40) + "\nlog:\n" + tail(log(), 40));
            }
            Thread.sleep(200);
        }
    }

    void awaitListening(int port, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 1000);
                return;
            } catch (IOException e) {
                if (Instant.now().isAfter(end)) {
                    throw new AssertionError("Openfire does not listen on " + address + ":" + port + " within " + timeout);
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * Copies the plugin jar into plugins/ the way an administrator should: written beside, then moved over.
     * The copy's modification time is now, later than the folder Openfire extracted before, so Openfire reloads it.
     */
    void replacePlugin() throws IOException {
        Path target = home.resolve("plugins").resolve(PLUGIN_JAR);
        Path partial = home.resolve("plugins").resolve(".portcullis-openfire.jar.part");
        Files.copy(pluginJar(), partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    void removePlugin() throws IOException {
        Files.delete(home.resolve("plugins").resolve(PLUGIN_JAR));
    }

    /** {@code jcmd PID COMMAND...}: thread dumps and class histograms of the running Openfire. */
    String jcmd(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(pid()));
        cmd.addAll(List.of(command));
        return run(home, Duration.ofSeconds(60), cmd.toArray(String[]::new));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    static String run(Path dir, Duration timeout, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + text);
        }
        return text;
    }

    private static int freePort(String address) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("no free port on " + address, e);
        }
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null) {
            throw new AssertionError("system property " + property + " is not set; run the ITs through Maven (failsafe)");
        }
        return v;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
