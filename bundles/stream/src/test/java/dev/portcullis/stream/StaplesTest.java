package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.RequiredTool;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.ocsp.OpenSslOcspResponder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host picks up the OCSP response a real peer staples (RFC 6066 §8, RFC 8446 §4.4.2.1): {@code openssl s_server
 * -status_file} serves a response obtained from a real {@code openssl ocsp} responder, and SunJSSE's client (which
 * sends status_request by default on Java 17) reports it on the finished session.
 */
class StaplesTest {
    private static final TestCa CA = TestCa.create("Staple test CA");
    private static Process server;
    private static int port;
    private static byte[] staple;

    @BeforeAll
    static void startStaplingServer(@TempDir Path dir) throws Exception {
        IssuedCertificate cert;
        try (OpenSslOcspResponder responder = new OpenSslOcspResponder(dir.resolve("ocsp"), CA)) {
            cert = CA.issue("stapling.test").dnsName("stapling.test").ocspUrl(responder.url()).build();
            responder.good(cert.certificate()).start();
            staple = responder.fetchResponse(cert.certificate());
        }
        Path status = Files.write(dir.resolve("status.der"), staple);
        IssuedCertificate.Pem pem = cert.writePem(dir, "stapling");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("s_server.log");
        server = new ProcessBuilder(RequiredTool.require("openssl", "openssl").toString(), "s_server", "-accept",
                "127.0.0.1:" + port, "-cert", pem.certificate().toString(), "-key", pem.key().toString(),
                "-status_file", status.toString()).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        Instant deadline = Instant.now().plusSeconds(10);
        while (!Files.readString(log, StandardCharsets.UTF_8).contains("ACCEPT")) {
            if (!server.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IOException("openssl s_server did not start: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.destroy();
        server.waitFor(5, TimeUnit.SECONDS);
    }

    private static SSLSocket connect(String protocol) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("ca", CA.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setEnabledProtocols(new String[] {protocol});
        socket.startHandshake();
        return socket;
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void theStapledResponseIsTakenFromTheSessionRfc6066Section8(String protocol) throws Exception {
        try (SSLSocket socket = connect(protocol)) {
            assertArrayEquals(staple, Staples.of(socket.getSession()));
        }
    }

    @org.junit.jupiter.api.Test
    void aSessionWithoutStatusResponsesHasNoStaple() throws Exception {
        javax.net.ssl.SSLEngine engine = SSLContext.getDefault().createSSLEngine();
        assertNull(Staples.of(engine.getSession()));
    }
}
