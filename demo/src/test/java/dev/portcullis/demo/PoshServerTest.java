package dev.portcullis.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.posh.PoshServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's POSH server (the test kit's, as {@link DemoLab#startPosh} sets it up) as a POSH client sees it (RFC 7711 §3): HTTPS with a certificate the demo CA issued for
 * the POSH domains (checked as RFC 2818 requires), documents at the well-known path by Host, 404 for domains that
 * publish nothing, and a reference document for delegation (RFC 7711 §3.2).
 */
class PoshServerTest {
    private static final String PATH = "/.well-known/posh/xmpp-server.json";

    @TempDir
    static Path dir;
    static TestCa ca;
    static IssuedCertificate hosted;
    static PoshServer server;
    static DemoLog log;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.create("POSH test CA");
        hosted = ca.issue("hosting.test").xmppDomain("hosting.test").build();
        log = new DemoLog(dir.resolve("posh.log"), Clock.systemUTC());
        server = DemoLab.startPosh(ca, hosted, log);
    }

    @AfterAll
    static void stop() {
        server.close();
        log.close();
    }

    /** GET over TLS to 127.0.0.1 as if to {@code host}: SNI and RFC 2818 name check for {@code host}. */
    private static String get(String host, String path) throws Exception {
        return get(host, host, path);
    }

    private static String get(String host, String hostHeader, String path) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        try (Socket plain = new Socket(InetAddress.getByName("127.0.0.1"), server.port());
             SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, server.port(), true)) {
            SSLParameters p = tls.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setServerNames(List.of(new SNIHostName(host)));
            tls.setSSLParameters(p);
            tls.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().flush();
            return new String(tls.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode body(String response) throws IOException {
        return new ObjectMapper().readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
    }

    @Test
    void delegatingDomainServesAReferenceRfc7711Section3_2() throws Exception {
        String response = get("posh.test", PATH);
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        JsonNode doc = body(response);
        assertEquals("https://hosting.test:" + server.port() + PATH, doc.get("url").asText());
        assertEquals(604800, doc.get("expires").asLong());
    }

    @Test
    void providerServesTheFingerprintOfTheHostedCertificateRfc7711Section3_1() throws Exception {
        JsonNode doc = body(get("hosting.test", PATH));
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(hosted.certificate().getEncoded());
        assertEquals(Base64.getEncoder().encodeToString(expected), doc.get("fingerprints").get(0).get("sha-256").asText());
    }

    @Test
    void domainWithoutADocumentGets404() throws Exception {
        assertTrue(get("posh.test", "legacy.test", PATH).startsWith("HTTP/1.1 404"));
        assertTrue(get("posh.test", "/.well-known/posh/other.json").startsWith("HTTP/1.1 404"));
    }

    @Test
    void certificateDoesNotPassForAnotherNameRfc2818Section3_1() {
        assertThrows(SSLHandshakeException.class, () -> get("evil.test", PATH));
    }
}
