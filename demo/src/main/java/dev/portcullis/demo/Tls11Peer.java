package dev.portcullis.demo;

import dev.portcullis.testkit.IssuedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * An outdated XMPP server that speaks only TLS 1.1: it answers an s2s stream, offers STARTTLS, and then
 * handshakes with Bouncy Castle's TLS protocol engine limited to TLSv1.1, over a provider instance of its own
 * (docs/LIBRARIES.md trap 4): nothing JVM-wide changes. (BCJSSE itself obeys the JVM-wide
 * {@code jdk.tls.disabledAlgorithms}, which forbids TLS 1.1 and must not be changed.) RFC 8996 §5 and
 * RFC 9325 §3.1.1 say a Portcullis host must refuse it.
 */
final class Tls11Peer implements AutoCloseable {
    static final String TLS_NS = "urn:ietf:params:xml:ns:xmpp-tls";

    private final String domain;
    private final ServerSocket listener;
    private final JcaTlsCrypto crypto;
    private final IssuedCertificate credential;
    private final DemoLog log;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "demo-tls11-peer");
        t.setDaemon(true);
        return t;
    });
    /** What the last connection came to: "handshake: TLSv1.1 ..." or the failure. */
    private final AtomicReference<String> lastOutcome = new AtomicReference<>();
    private volatile boolean startTlsRequested;
    private volatile boolean handshakeCompleted;

    private Tls11Peer(String domain, ServerSocket listener, JcaTlsCrypto crypto, IssuedCertificate credential, DemoLog log) {
        this.domain = domain;
        this.listener = listener;
        this.crypto = crypto;
        this.credential = credential;
        this.log = log;
    }

    static Tls11Peer start(String domain, IssuedCertificate credential, DemoLog log)
            throws IOException, GeneralSecurityException {
        // a provider instance for this peer only (docs/LIBRARIES.md trap 4); the TLS engine is Bouncy Castle's own
        // protocol implementation, which the JVM-wide jdk.tls.disabledAlgorithms does not govern
        JcaTlsCrypto crypto = new JcaTlsCryptoProvider().setProvider(new BouncyCastleProvider()).create(new SecureRandom());
        ServerSocket ss = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"));
        Tls11Peer peer = new Tls11Peer(domain, ss, crypto, credential, log);
        peer.threads.execute(peer::acceptLoop);
        return peer;
    }

    int port() {
        return listener.getLocalPort();
    }

    boolean startTlsRequested() {
        return startTlsRequested;
    }

    boolean handshakeCompleted() {
        return handshakeCompleted;
    }

    String lastOutcome() {
        return lastOutcome.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                threads.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket plain) {
        try (plain) {
            plain.setSoTimeout(15_000);
            InputStream in = plain.getInputStream();
            OutputStream out = plain.getOutputStream();
            String header = XmlSniffer.readUntil(in, "<stream:stream", ">");
            String peer = XmlSniffer.attribute(header, "from");
            out.write(("<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
                    + "xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback' from='" + domain
                    + "'" + (peer == null ? "" : " to='" + peer + "'") + " id='" + UUID.randomUUID()
                    + "' version='1.0'><stream:features><starttls xmlns='" + TLS_NS + "'><required/></starttls>"
                    + "</stream:features>").getBytes(StandardCharsets.UTF_8));
            out.flush();
            XmlSniffer.readUntil(in, "<starttls", ">");
            startTlsRequested = true;
            out.write(("<proceed xmlns='" + TLS_NS + "'/>").getBytes(StandardCharsets.UTF_8));
            out.flush();
            TlsServerProtocol tls = new TlsServerProtocol(in, out);
            try {
                tls.accept(new OutdatedServer());
                handshakeCompleted = true;
                lastOutcome.set("handshake completed with TLS 1.1");
                // hold the connection until the host closes it
                tls.getInputStream().read();
            } catch (IOException e) {
                lastOutcome.set("handshake failed: " + e.getMessage());
            }
            log.line("tls11-peer " + domain + ": " + lastOutcome.get());
        } catch (IOException e) {
            if (lastOutcome.get() == null) {
                lastOutcome.set("stream ended before TLS: " + e.getMessage());
            }
            log.line("tls11-peer " + domain + ": " + e);
        }
    }

    /** A TLS server that knows nothing newer than TLS 1.1 (RFC 4346), with a CBC suite of that era. */
    private final class OutdatedServer extends DefaultTlsServer {
        OutdatedServer() {
            super(crypto);
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.TLSv11.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA};
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
            List<TlsCertificate> chain = new ArrayList<>();
            for (X509Certificate c : credential.chain()) {
                try {
                    chain.add(crypto.createCertificate(c.getEncoded()));
                } catch (java.security.cert.CertificateEncodingException e) {
                    throw new IOException(e);
                }
            }
            return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                    credential.keyPair().getPrivate(), new Certificate(chain.toArray(TlsCertificate[]::new)), null);
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        threads.shutdownNow();
    }
}
