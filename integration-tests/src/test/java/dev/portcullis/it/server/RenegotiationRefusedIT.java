package dev.portcullis.it.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TlsContexts;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 9325 §3.5, RFC 6120 §5.3.5: a peer that authenticated a TLS 1.2 stream (SASL EXTERNAL, XEP-0178)
 * and then sends a renegotiation ClientHello is refused at once — the connection is closed well before the
 * idle timeout, and the log names the clause — on both providers the policy supports. A real JSSE client
 * renegotiates ({@code SSLSocket.startHandshake()} a second time) against the real distribution.
 */
class RenegotiationRefusedIT {
    static final int IDLE_TIMEOUT_S = 120;
    static FederationLab lab;

    @BeforeAll
    static void start() throws IOException {
        lab = new FederationLab("RenegotiationRefusedIT");
        lab.startHost("reneg", null, Map.of("idle.timeout", String.valueOf(IDLE_TIMEOUT_S),
                "keepalive.interval", "60"));
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @ParameterizedTest(name = "provider {0}")
    @ValueSource(strings = {"sun", "bc", "conscrypt"})
    void renegotiationOnAnAuthenticatedTls12StreamIsRefusedAtOnceRfc9325Section3_5(String provider) throws Exception {
        long mark = lab.host.logPosition();
        lab.host.config("dev.portcullis.tls", Map.of("provider", provider));
        lab.host.awaitLogSince(mark, "TLS policy in force: .* on " + switch (provider) {
                    case "bc" -> "BCJSSE";
                    case "conscrypt" -> "Conscrypt";
                    default -> "SunJSSE";
                },
                Duration.ofSeconds(15));
        IssuedCertificate evil = lab.ca.issue("evil.test").dnsName("evil.test").xmppAddr("evil.test").build();
        try (RawPeer p = new RawPeer(lab.ourAddress, lab.ourPort)) {
            p.send(RawPeer.HEADER);
            p.readUntil("</stream:features>", Duration.ofSeconds(10));
            p.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
            p.readUntil("<proceed", Duration.ofSeconds(10));
            SSLSocket tls = (SSLSocket) tlsContext(evil).getSocketFactory()
                    .createSocket(p.socket, lab.ourAddress, lab.ourPort, true);
            tls.setUseClientMode(true);
            tls.setEnabledProtocols(new String[] {"TLSv1.2"}); // TLS 1.3 has no renegotiation (RFC 8446 §4.6)
            tls.startHandshake();
            p.socket = tls;
            p.clear();
            p.send(RawPeer.HEADER);
            p.readFeatures(Duration.ofSeconds(10));
            assertTrue(p.text().contains("EXTERNAL"), () -> "SASL EXTERNAL not offered: " + p.text());
            p.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>=</auth>");
            p.readUntil("<success", Duration.ofSeconds(10));
            p.clear();
            p.send(RawPeer.HEADER);
            p.readFeatures(Duration.ofSeconds(10));
            lab.host.awaitLogSince(mark, "evil\\.test", Duration.ofSeconds(10));

            long before = System.nanoTime();
            long renegMark = lab.host.logPosition();
            // JSSE sends the ClientHello and returns; the server's answer arrives with the next read
            tls.startHandshake(); // RFC 5746 secure renegotiation, client-initiated
            boolean closed = closedWithin(tls, Duration.ofSeconds(IDLE_TIMEOUT_S / 2));
            long millis = (System.nanoTime() - before) / 1_000_000;
            System.out.println(provider + ": connection after the renegotiation ClientHello closed=" + closed
                    + " after " + millis + " ms (idle.timeout " + IDLE_TIMEOUT_S + " s)");
            assertTrue(closed, provider + ": the stream was left wedged after the renegotiation attempt");
            assertTrue(millis < 10_000, provider + ": closed only after " + millis + " ms");
            String line = lab.host.awaitLogSince(renegMark, "(?i)renegotiat.*RFC 9325 §3\\.5", Duration.ofSeconds(10));
            System.out.println(provider + " log: " + line);
            assertTrue(Pattern.compile("127\\.0\\.0\\.1|evil\\.test").matcher(line).find(), line);
        }
    }

    /** Reads (and discards) until the server closes or resets the connection; false on timeout. */
    private static boolean closedWithin(SSLSocket tls, Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        InputStream in = tls.getInputStream();
        byte[] buf = new byte[8192];
        while (System.nanoTime() < end) {
            tls.setSoTimeout(500);
            try {
                if (in.read(buf) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                // keep waiting
            } catch (IOException e) {
                return true; // alert or reset: closed
            }
            if (tls.isClosed()) {
                return true;
            }
        }
        return false;
    }

    private static SSLContext tlsContext(IssuedCertificate client) throws Exception {
        return TlsContexts.of(client, lab.ca.certificate());
    }
}
