package dev.portcullis.it.server;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.host.PortcullisHome;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A federation lab on loopback: our host (the real distribution) serving {@code a.test}, and a real
 * Prosody serving {@code b.test}, with certificates from one test CA trusted both ways. No DNS: Prosody
 * resolves {@code a.test} from a hosts file to a loopback address of its own where our server listens on
 * 5269; we reach {@code b.test} through a static route (possibly via a man-in-the-middle proxy).
 */
final class FederationLab implements AutoCloseable {
    static final String OURS = "a.test";
    static final String THEIRS = "b.test";

    final TestCa ca;
    final Path dir;
    final String ourAddress;
    final IssuedCertificate ourCert;
    final IssuedCertificate theirCert;
    final Path caFile;
    PortcullisHome host;
    ProsodyServer prosody;

    FederationLab(String label) throws IOException {
        this.ca = TestCa.create(label + " CA");
        this.dir = Files.createTempDirectory(label + "-lab-");
        this.caFile = ca.writeCertificate(dir.resolve("ca.pem"));
        this.ourAddress = ProsodyServer.freeLoopbackAddress();
        this.ourCert = ca.issue(OURS).dnsName(OURS).xmppAddr(OURS).build();
        this.theirCert = ca.issue(THEIRS).dnsName(THEIRS).xmppAddr(THEIRS).build();
    }

    /** Starts Prosody for b.test; it reaches a.test at our loopback address, port 5269. */
    ProsodyServer startProsody() throws IOException, InterruptedException {
        IssuedCertificate.Pem pem = theirCert.writePem(dir.resolve("prosody-certs"), THEIRS);
        prosody = ProsodyServer.builder(dir.resolve("prosody"))
                .host(THEIRS, pem)
                .caFile(caFile)
                .peer(OURS, ourAddress)
                .secureAuth(true)
                .start();
        return prosody;
    }

    /**
     * Starts our host serving a.test on ourAddress:5269 with a static route for b.test to {@code route}
     * (Prosody, or a proxy in front of it).
     */
    PortcullisHome startHost(String label, String route, Map<String, String> serverExtras) {
        // keep the label short: the home's admin socket path must stay under ~100 characters
        host = PortcullisHome.create(label);
        Map<String, String> server = new HashMap<>();
        server.put("listen", ourAddress + ":5269");
        server.put("routes", THEIRS + "=" + route);
        server.putAll(serverExtras);
        host.config("dev.portcullis.server", server);
        // PKIX only against the test CA: no DANE/POSH lookups, nothing leaves the machine
        host.config("dev.portcullis.dna", Map.of("prooftypes", "pkix", "pkix.system-trust", "false",
                "pkix.trust-files", caFile.toString(), "dns.servers", "127.0.0.1:9"));
        host.domain(OURS, ourCert);
        host.start();
        host.awaitLog("Serving local domain " + Pattern.quote(OURS), Duration.ofSeconds(30));
        host.awaitLog("listening on xmpp://" + Pattern.quote(ourAddress) + ":5269", Duration.ofSeconds(30));
        return host;
    }

    String prosodyRoute() {
        return prosody.address() + ":" + prosody.s2sPort();
    }

    /** The stream ID of the first stream in {@code portcullis:streams} with this direction and peer. */
    String streamId(String direction, String peer) {
        String table = host.admin("portcullis:streams");
        Matcher m = Pattern.compile("(?m)^(\\S+)\\s+" + direction + "\\s+\\S+\\s+" + Pattern.quote(peer) + "\\s").matcher(table);
        return m.find() ? m.group(1) : null;
    }

    @Override
    public void close() {
        if (prosody != null) {
            prosody.stop();
        }
        if (host != null) {
            host.close();
        }
    }
}
