package dev.portcullis.it.dna;

import dev.portcullis.it.Wire;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TlsContexts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;

/**
 * A hostile initiating server with a valid certificate of its own (for another domain) that claims a domain it
 * does not own: in its stream header's {@code from} after STARTTLS (RFC 6120 §4.7.1), or in a {@code db:result}
 * on a stream that names its own domain (XEP-0220 §2.1.1). It presents its certificate as the TLS client
 * certificate, so the verifier sees a real chain for the claimed domain.
 */
final class ClaimingPeer implements AutoCloseable {
    private Socket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final String from;
    private final String to;

    private ClaimingPeer(String from, String to) {
        this.from = from;
        this.to = to;
    }

    /** Connects, negotiates STARTTLS with {@code certificate} and reopens the stream as {@code from}. */
    static ClaimingPeer connect(String host, int port, String from, String to, IssuedCertificate certificate)
            throws IOException {
        ClaimingPeer p = new ClaimingPeer(from, to);
        p.socket = new Socket();
        p.socket.connect(new InetSocketAddress(host, port), 5000);
        p.send(p.header());
        p.readUntil("</stream:features>", Duration.ofSeconds(10));
        p.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        p.readUntil("<proceed", Duration.ofSeconds(10));
        p.received.reset();
        try {
            SSLContext tls = TlsContexts.withTrust(certificate, new AnyServer());
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(p.socket, host, port, true);
            s.setUseClientMode(true);
            s.startHandshake();
            p.socket = s;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for the claiming peer", e);
        }
        p.send(p.header());
        return p;
    }

    private String header() {
        return "<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'"
                + " xmlns:db='jabber:server:dialback' from='" + from + "' to='" + to + "' version='1.0'>";
    }

    /** XEP-0220 §2.1.1 step 1 for {@code claimed}, on this stream. */
    ClaimingPeer sendResult(String claimed) throws IOException {
        return send("<db:result from='" + claimed + "' to='" + to + "'>0123456789abcdef</db:result>");
    }

    ClaimingPeer send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        return this;
    }

    String readUntil(String marker, Duration timeout) throws IOException {
        return Wire.readUntil(socket, received, marker, timeout);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The attacker does not care whom it talks to. */
    private static final class AnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
