package dev.portcullis.tls;

import static dev.portcullis.tls.Fixtures.ALPHA;
import static dev.portcullis.tls.Fixtures.BETA_RSA;
import static dev.portcullis.tls.Fixtures.identity;
import static dev.portcullis.tls.Fixtures.outbound;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.portcullis.api.tls.TlsPolicy;
import dev.portcullis.testkit.IssuedCertificate;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A per-peer override ({@code peer.legacy.test.profile = rfc7525}) seen by a real TLS server nobody here
 * wrote: {@code openssl s_server} accepting only TLS 1.2 with DHE-RSA-AES128-GCM-SHA256 (an RFC 7525 §4.2
 * suite that RFC 9325 §4.1 advises against). Our outbound engine for legacy.test offers it; for
 * modern.test (default rfc9325) it does not, and the handshake fails. openssl s_client cannot name the
 * initiating domain (it sends no {@code from}), so the override is shown in the outbound direction.
 */
class OpenSslServerPerPeerOverrideTest {

    @ParameterizedTest
    // DHE-RSA: not on Conscrypt, which refuses rfc7525 (Fixtures#refusedOnProvider, HandshakeVerdictTest)
    @ValueSource(strings = {"sun", "bc"})
    void overrideLetsOnlyTheNamedPeerUseTheRfc7525Suite(String provider, @TempDir Path dir) throws Exception {
        TlsPolicy policy = Fixtures.policy(provider, "peer.legacy.test.profile", "rfc7525");
        IssuedCertificate.Pem pem = BETA_RSA.writePem(dir, "server");
        assertNotNull(handshake(policy, "legacy.test", pem), "RFC 7525 §4.2 suite offered to legacy.test");
        assertNull(handshake(policy, "modern.test", pem), "rfc9325 (RFC 9325 §4.1) never offers DHE suites");
    }

    /** The session if the handshake with a fresh s_server succeeded, else {@code null}. */
    private static SSLSession handshake(TlsPolicy policy, String peer, IssuedCertificate.Pem pem) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process server = new ProcessBuilder(OpenSsl.binary().toString(), "s_server", "-accept", "127.0.0.1:" + port,
                "-cert", pem.certificate().toString(), "-key", pem.key().toString(), "-tls1_2",
                "-cipher", "DHE-RSA-AES128-GCM-SHA256", "-naccept", "1").redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.contains("ACCEPT")) {
                // wait until s_server listens
            }
            AtomicReference<SSLSession> session = new AtomicReference<>();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(10_000);
                SSLException failed = EnginePump.run(policy.newEngine(outbound("alpha.test", peer, identity("alpha.test", ALPHA))),
                        s.getInputStream(), s.getOutputStream(), session::set, true);
                if (failed != null) {
                    return null;
                }
            }
            SSLSession result = session.get();
            if (result != null) {
                assertEquals("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", result.getCipherSuite());
            }
            return result;
        } finally {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
