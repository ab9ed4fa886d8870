package dev.portcullis.it.tls;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.host.PortcullisHome;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The real distribution serving {@code a.test} (ECDSA P-256 certificate) and {@code r.test} (RSA 2048) on
 * loopback, on a STARTTLS port and a direct-TLS port (XEP-0368), with PKIX against the test CA only and a
 * DNS server address where nothing listens: the probes need no lookups and nothing leaves the machine.
 */
final class TlsLab implements AutoCloseable {
    static final String EC_DOMAIN = "a.test";
    static final String RSA_DOMAIN = "r.test";
    static final String ADDRESS = "127.0.0.1";

    final PortcullisHome host;
    final int starttlsPort = ProsodyServer.freePort(ADDRESS);
    final int directTlsPort = ProsodyServer.freePort(ADDRESS);
    final Path caFile;

    TlsLab(String label, Map<String, String> tlsConfig) throws Exception {
        TestCa ca = TestCa.create(label + " CA");
        caFile = ca.writeCertificate(Files.createTempFile(label, "-ca.pem"));
        IssuedCertificate ec = ca.issue(EC_DOMAIN).dnsName(EC_DOMAIN).xmppAddr(EC_DOMAIN).build();
        IssuedCertificate rsa = ca.issue(RSA_DOMAIN).dnsName(RSA_DOMAIN).xmppAddr(RSA_DOMAIN)
                .key(TestCa.KeyAlgorithm.RSA_2048).build();
        host = PortcullisHome.create(label);
        host.config("dev.portcullis.server", Map.of("listen", ADDRESS + ":" + starttlsPort,
                "directtls.listen", ADDRESS + ":" + directTlsPort));
        host.config("dev.portcullis.dna", Map.of("prooftypes", "pkix", "pkix.system-trust", "false",
                "pkix.trust-files", caFile.toString(), "dns.servers", ADDRESS + ":" + ProsodyServer.freePort(ADDRESS)));
        if (!tlsConfig.isEmpty()) {
            host.config("dev.portcullis.tls", tlsConfig);
        }
        host.domain(EC_DOMAIN, ec);
        host.domain(RSA_DOMAIN, rsa);
        host.start();
        host.awaitLog("listening on xmpp://" + Pattern.quote(ADDRESS) + ":" + starttlsPort, Duration.ofSeconds(30));
        host.awaitLog("listening on xmpps://" + Pattern.quote(ADDRESS) + ":" + directTlsPort, Duration.ofSeconds(30));
        host.awaitLog("Serving local domain " + Pattern.quote(RSA_DOMAIN), Duration.ofSeconds(30));
        host.awaitLog("Serving local domain " + Pattern.quote(EC_DOMAIN), Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        host.close();
    }
}
