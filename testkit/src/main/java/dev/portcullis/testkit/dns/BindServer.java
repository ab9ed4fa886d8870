package dev.portcullis.testkit.dns;

import dev.portcullis.testkit.RequiredTool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real BIND ({@code named -g}) serving a DNSSEC-signed test tree on 127.0.0.1 and an ephemeral port: the parent
 * zone (e.g. {@code test.}) is signed and is the validator's trust anchor; each child {@link DnsZone} is signed,
 * unsigned, signed with corrupted or with expired signatures, so a validating resolver sees secure, insecure and
 * bogus answers (RFC 4035 §5). Zones are signed at start with {@code dnssec-keygen}/{@code dnssec-signzone}.
 *
 * <pre>{@code
 * try (BindServer dns = BindServer.builder(tmp, "test")
 *         .zone(DnsZone.of("good.test", SIGNED).record("xmpp 300 IN A 127.0.0.1"))
 *         .start()) {
 *     resolver at dns.address(), trust anchor file dns.trustAnchorFile()
 * }
 * }</pre>
 */
public final class BindServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path trustAnchorFile;
    private final Path log;

    private BindServer(Process process, int port, Path trustAnchorFile, Path log) {
        this.process = process;
        this.port = port;
        this.trustAnchorFile = trustAnchorFile;
        this.log = log;
    }

    public static Builder builder(Path workDir, String parentZone) {
        return new Builder(workDir, parentZone);
    }

    /** 127.0.0.1 and the port named listens on (UDP and TCP). */
    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    public int port() {
        return port;
    }

    /** The parent zone's KSK as a DNSKEY record in zone-file format: the validator's trust anchor. */
    public Path trustAnchorFile() {
        return trustAnchorFile;
    }

    /** named's log, for failure messages. */
    public Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Describes the tree; {@link #start()} signs it and runs named. */
    public static final class Builder {
        private final Path dir;
        private final String parent;
        private final List<String> parentRecords = new ArrayList<>();
        private final List<DnsZone> zones = new ArrayList<>();

        private Builder(Path dir, String parent) {
            this.dir = dir;
            this.parent = parent.replaceAll("\\.$", "");
        }

        public Builder zone(DnsZone zone) {
            zones.add(zone);
            return this;
        }

        /** A record in the (signed) parent zone itself. */
        public Builder parentRecord(String line) {
            parentRecords.add(line);
            return this;
        }

        public BindServer start() throws IOException, InterruptedException {
            Path named = RequiredTool.require("named", "bind9");
            RequiredTool.require("dnssec-keygen", "bind9-utils");
            RequiredTool.require("dnssec-signzone", "bind9-utils");
            RequiredTool.require("dnssec-dsfromkey", "bind9-utils");
            Files.createDirectories(dir);
            Instant now = Instant.now();
            StringBuilder conf = new StringBuilder();
            List<String> parentZone = new ArrayList<>(parentRecords);
            parentZone.add("ns 300 IN A 127.0.0.1");
            for (DnsZone z : zones) {
                String label = z.name().substring(0, z.name().length() - parent.length() - 1);
                parentZone.add(label + " 300 IN NS ns." + parent + ".");
                Path file = writeZone(z.name(), z.records());
                if (z.signing() != DnsZone.Signing.UNSIGNED) {
                    Keys keys = keys(z.name());
                    file = sign(z.name(), file, keys, z.validity(now));
                    if (z.signing() == DnsZone.Signing.CORRUPT_SIGNATURES) {
                        corrupt(file);
                    }
                    parentZone.add(ds(keys));
                }
                conf.append("zone \"").append(z.name()).append(".\" { type primary; file \"").append(file)
                        .append("\"; };\n");
            }
            Keys parentKeys = keys(parent);
            Path parentFile = sign(parent, writeZone(parent, parentZone), parentKeys,
                    new String[] {stamp(now.minusSeconds(3600)), stamp(now.plusSeconds(30 * 86400))});
            conf.append("zone \"").append(parent).append(".\" { type primary; file \"").append(parentFile)
                    .append("\"; };\n");
            Path anchors = dir.resolve("trust-anchor.txt");
            Files.writeString(anchors, Files.readString(dir.resolve(parentKeys.ksk + ".key")));
            int port = freePort();
            Path config = dir.resolve("named.conf");
            Files.writeString(config, "options {\n"
                    + "  directory \"" + dir + "\";\n"
                    + "  listen-on port " + port + " { 127.0.0.1; };\n"
                    + "  listen-on-v6 { none; };\n"
                    + "  recursion no;\n"
                    + "  dnssec-validation no;\n"
                    + "  notify no;\n"
                    + "  pid-file \"" + dir.resolve("named.pid") + "\";\n"
                    + "  session-keyfile \"" + dir.resolve("session.key") + "\";\n"
                    + "  managed-keys-directory \"" + dir + "\";\n"
                    + "};\n"
                    + "controls { };\n" + conf);
            Path log = dir.resolve("named.log");
            Process p = new ProcessBuilder(named.toString(), "-g", "-c", config.toString()).redirectErrorStream(true)
                    .start();
            CountDownLatch ready = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        Files.writeString(log, line + "\n", StandardCharsets.UTF_8,
                                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                        if (line.contains("running")) {
                            ready.countDown();
                        }
                    }
                } catch (IOException e) {
                    // the process ended; the log says why
                }
            }, "named-log-" + port);
            reader.setDaemon(true);
            reader.start();
            if (!ready.await(30, TimeUnit.SECONDS) || !p.isAlive()) {
                p.destroyForcibly();
                throw new IOException("named did not start on 127.0.0.1:" + port + "; its log:\n"
                        + (Files.exists(log) ? Files.readString(log) : "(empty)"));
            }
            // named outlives a test JVM that dies without close(): make sure it does not
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "named-stop-" + port));
            return new BindServer(p, port, anchors, log);
        }

        private record Keys(String ksk, String zsk) {
        }

        private Path writeZone(String zone, List<String> records) throws IOException {
            StringBuilder z = new StringBuilder("$TTL 300\n$ORIGIN ").append(zone).append(".\n")
                    .append("@ 300 IN SOA ns.").append(parent).append(". hostmaster.").append(parent)
                    .append(". 1 3600 600 86400 300\n")
                    .append("@ 300 IN NS ns.").append(parent).append(".\n");
            for (String r : records) {
                z.append(r).append('\n');
            }
            Path file = dir.resolve(zone + ".zone");
            Files.writeString(file, z.toString());
            return file;
        }

        private Keys keys(String zone) throws IOException, InterruptedException {
            String ksk = run("dnssec-keygen", "-q", "-K", dir.toString(), "-a", "ECDSAP256SHA256", "-f", "KSK",
                    "-n", "ZONE", zone + ".").trim();
            String zsk = run("dnssec-keygen", "-q", "-K", dir.toString(), "-a", "ECDSAP256SHA256", "-n", "ZONE",
                    zone + ".").trim();
            return new Keys(ksk, zsk);
        }

        private Path sign(String zone, Path file, Keys keys, String[] validity)
                throws IOException, InterruptedException {
            Files.writeString(file, Files.readString(file) + Files.readString(dir.resolve(keys.ksk + ".key"))
                    + Files.readString(dir.resolve(keys.zsk + ".key")));
            Path signed = dir.resolve(zone + ".zone.signed");
            // -P: no post-signing verification, which would refuse the deliberately expired signatures
            run("dnssec-signzone", "-q", "-P", "-O", "full", "-K", dir.toString(), "-d", dir.toString(), "-o",
                    zone + ".", "-k", dir.resolve(keys.ksk + ".key").toString(), "-f", signed.toString(),
                    "-s", validity[0], "-e", validity[1], file.toString(), dir.resolve(keys.zsk + ".key").toString());
            return signed;
        }

        private String ds(Keys keys) throws IOException, InterruptedException {
            return run("dnssec-dsfromkey", "-2", dir.resolve(keys.ksk + ".key").toString()).trim();
        }

        /** Flips one base64 character in every RRSIG over data (not over the DNSKEY RRset). */
        private static void corrupt(Path signed) throws IOException {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(signed)) {
                String[] t = line.trim().split("\\s+");
                if (t.length > 12 && t[3].equals("RRSIG") && !t[4].equals("DNSKEY")) {
                    String sig = t[12];
                    char c = sig.charAt(4) == 'A' ? 'B' : 'A';
                    t[12] = sig.substring(0, 4) + c + sig.substring(5);
                    line = String.join(" ", t);
                }
                out.add(line);
            }
            Files.write(signed, out);
        }

        private String run(String... command) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(
                    ProcessBuilder.Redirect.appendTo(dir.resolve("signing.log").toFile())).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: "
                        + Files.readString(dir.resolve("signing.log")));
            }
            return out;
        }

        private static String stamp(Instant i) {
            return java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(java.time.ZoneOffset.UTC)
                    .format(i);
        }

        /** A port free for both TCP and UDP on 127.0.0.1 right now. */
        private static int freePort() throws IOException {
            for (int attempt = 0; attempt < 20; attempt++) {
                try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    int port = tcp.getLocalPort();
                    try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(
                            InetAddress.getLoopbackAddress(), port))) {
                        return port;
                    } catch (IOException taken) {
                        // UDP port in use: try another
                    }
                }
            }
            throw new IOException("no free port on 127.0.0.1");
        }
    }
}
