package dev.portcullis.it.dialback;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.dns.BindServer;
import dev.portcullis.testkit.host.PortcullisHome;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dialback lab on loopback: our host (the real distribution) serving {@code a.test} and a real Prosody 0.12
 * serving {@code b.test}, each with a certificate from its own test CA, so each side trusts the other only
 * when told to. Prosody finds a.test the way a real peer does, by {@code _xmpp-server._tcp} SRV lookup (RFC 6120
 * §3.2.1) in a real BIND serving a signed {@code test.} zone on loopback, pointing at our own loopback address
 * and an ephemeral port (so parallel labs never compete for port 5269); we reach b.test through a static
 * route. Nothing leaves the machine.
 */
final class DialbackLab implements AutoCloseable {
    static final String OURS = "a.test";
    static final String THEIRS = "b.test";

    final Path dir;
    final String ourAddress;
    final int ourPort;
    final int httpPort;
    final IssuedCertificate ourCert;
    final IssuedCertificate theirCert;
    final Path ourCaFile;
    final Path theirCaFile;
    /** A CA that issued nothing either side presents: "trust this" means "trust nobody here". */
    final Path strangerCaFile;
    PortcullisHome host;
    ProsodyServer prosody;
    BindServer dns;

    DialbackLab(String label) throws IOException {
        this.dir = Files.createTempDirectory(label + "-lab-");
        TestCa ourCa = TestCa.create(label + " our CA");
        TestCa theirCa = TestCa.create(label + " their CA");
        this.ourCaFile = ourCa.writeCertificate(dir.resolve("our-ca.pem"));
        this.theirCaFile = theirCa.writeCertificate(dir.resolve("their-ca.pem"));
        this.strangerCaFile = TestCa.create(label + " stranger CA").writeCertificate(dir.resolve("stranger-ca.pem"));
        this.ourAddress = "127." + ThreadLocalRandom.current().nextInt(1, 255) + "."
                + ThreadLocalRandom.current().nextInt(0, 256) + "." + ThreadLocalRandom.current().nextInt(2, 255);
        this.ourPort = ProsodyServer.freePort(ourAddress);
        this.httpPort = ProsodyServer.freePort(ourAddress);
        this.ourCert = ourCa.issue(OURS).dnsName(OURS).xmppAddr(OURS).build();
        this.theirCert = theirCa.issue(THEIRS).dnsName(THEIRS).xmppAddr(THEIRS).build();
    }

    /**
     * Starts Prosody for b.test. When it does not trust us, {@code s2s_secure_auth} is off so that it accepts
     * dialback, as deployed Prosodys do by default.
     */
    ProsodyServer startProsody(boolean trustsUs, String... modules) throws IOException, InterruptedException {
        dns = BindServer.builder(dir.resolve("dns"), "test")
                .parentRecord("_xmpp-server._tcp.a 300 IN SRV 0 5 " + ourPort + " a.test.")
                .parentRecord("a 300 IN A " + ourAddress)
                .start();
        IssuedCertificate.Pem pem = theirCert.writePem(dir.resolve("prosody-certs"), THEIRS);
        ProsodyServer.Builder b = ProsodyServer.builder(dir.resolve("prosody"))
                .host(THEIRS, pem)
                .caFile(trustsUs ? ourCaFile : strangerCaFile)
                .dnsServer(dns.port())
                .secureAuth(trustsUs);
        if (modules.length > 0) {
            b.modules(modules);
        }
        prosody = b.start();
        return prosody;
    }

    /**
     * Starts our host for a.test on ourAddress:ourPort, routing b.test to Prosody, with this dialback config.
     * Keep {@code label} short: the admin socket path in the home must stay under the Unix limit (~100 chars).
     */
    PortcullisHome startHost(String label, boolean trustsProsody, Map<String, String> dialback) {
        return startHost(label, trustsProsody, dialback, "");
    }

    /** As above, with more static routes ({@code domain=ip:port, ...}) beside the one to Prosody. */
    PortcullisHome startHost(String label, boolean trustsProsody, Map<String, String> dialback, String moreRoutes) {
        // the dialback bundle reports each step at DEBUG (README, "What a peer can put in the log")
        host = PortcullisHome.create(label).debugLog("dev.portcullis.dialback");
        Map<String, String> server = new HashMap<>();
        server.put("listen", ourAddress + ":" + ourPort);
        server.put("routes", THEIRS + "=" + prosody.address() + ":" + prosody.s2sPort()
                + (moreRoutes.isEmpty() ? "" : ", " + moreRoutes));
        host.config("dev.portcullis.server", server);
        // PKIX only, against one CA file: no DANE/POSH lookups, nothing leaves the machine
        host.config("dev.portcullis.dna", Map.of("prooftypes", "pkix", "pkix.system-trust", "false",
                "pkix.trust-files", (trustsProsody ? theirCaFile : strangerCaFile).toString(),
                "dns.servers", "127.0.0.1:9"));
        if (!dialback.isEmpty()) {
            host.config("dev.portcullis.dialback", dialback);
        }
        // the HTTP service on a port of our own, so /metrics can be scraped (docs/METRICS.md)
        host.config("org.apache.felix.http", Map.of("org.apache.felix.http.host", ourAddress,
                "org.osgi.service.http.port", String.valueOf(httpPort)));
        host.domain(OURS, ourCert);
        host.start();
        awaitListening(Duration.ofSeconds(30));
        return host;
    }

    /** Waits until our s2s listener accepts connections (log lines of early start-up may reach only the console). */
    private void awaitListening(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(ourAddress, ourPort), 500);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new AssertionError("our host did not listen on " + ourAddress + ":" + ourPort + " within " + timeout + logs());
    }

    /** Both logs, for failure messages. */
    String logs() {
        return "\n--- our log:\n" + (host == null ? "(not started)" : host.log() + "\n--- our console:\n" + host.console())
                + "\n--- Prosody log:\n" + (prosody == null ? "(not started)" : prosody.logTail(80));
    }

    /** The JSON object of one stream in {@code portcullis:streams --json}, by direction and peer, or null. */
    String streamJson(String direction, String peer) {
        String json = host.admin("portcullis:streams --json");
        Matcher m = Pattern.compile("\\{[^{}]*?(?:\\{[^{}]*\\}[^{}]*?)*\\}").matcher(json);
        while (m.find()) {
            String o = m.group();
            if (o.contains("\"direction\" : \"" + direction + "\"") && o.contains("\"peerDomain\" : \"" + peer + "\"")) {
                return o;
            }
        }
        return null;
    }

    /** Our host's {@code /metrics} (Prometheus text format), its samples without comments. */
    java.util.List<String> metrics() throws IOException, InterruptedException {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + ourAddress + ":" + httpPort + "/metrics"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + r.statusCode() + ": " + r.body());
        }
        return r.body().lines().filter(l -> !l.startsWith("#")).toList();
    }

    /** Waits until a line of our log (file or console) matches {@code regex}; returns it. */
    String awaitOurLog(String regex, Duration timeout) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long end = System.nanoTime() + timeout.toNanos();
        do {
            for (String line : (host.log() + "\n" + host.console()).split("\n")) {
                if (p.matcher(line).find()) {
                    return line;
                }
            }
            Thread.sleep(100);
        } while (System.nanoTime() < end);
        throw new AssertionError("no line of our log matches /" + regex + "/ within " + timeout + logs());
    }

    /** Lines of our log (file and console) from the dialback bundle. */
    String dialbackLog() {
        StringBuilder b = new StringBuilder();
        for (String line : (host.log() + "\n" + host.console()).split("\n")) {
            if (line.contains("dev.portcullis.dialback") || line.contains("Dialback")) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        if (prosody != null) {
            prosody.stop();
        }
        if (host != null) {
            host.close();
        }
        if (dns != null) {
            dns.close();
        }
    }
}
