package dev.portcullis.checker;

import dev.portcullis.stream.Element;
import dev.portcullis.stream.Namespaces;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * The handshake a modern peer makes: Bouncy Castle JSSE (a provider instance, never registered JVM-wide:
 * docs/LIBRARIES.md trap 4) with its default protocols and suites, SNI set to the domain, ALPN {@code xmpp-server} on
 * direct TLS (XEP-0368 §3). Collects the chain and then opens the secured stream to read what is offered after
 * TLS: dialback (XEP-0220 §2.1, {@code urn:xmpp:features:dialback}) and SASL mechanisms (XEP-0178).
 */
final class DefaultSession {
    /** What the default handshake and the secured stream showed. */
    record Result(boolean startTlsOffered, boolean startTlsRequired, String protocol, String suite,
                  List<X509Certificate> chain, boolean dialbackOffered, List<String> saslMechanisms,
                  String afterTlsError) {
    }

    private final Connector connector;
    private final SecureRandom random;

    DefaultSession(Connector connector, SecureRandom random) {
        this.connector = connector;
        this.random = random;
    }

    Result run(Endpoint endpoint, InetSocketAddress address) throws IOException {
        Connector.Ready ready = connector.open(endpoint, address);
        try (Socket plain = ready.socket()) {
            // BCJSSE over the Bouncy Castle JCA provider (both instances): over the JDK's providers BCJSSE offers
            // no RSA-PSS signature schemes, so OpenSSL servers with RSA keys refuse TLS 1.3 ("no suitable
            // signature algorithm") and the default handshake would fail where real peers succeed.
            SSLContext ctx = SSLContext.getInstance("TLS", new BouncyCastleJsseProvider(false,
                    new JcaTlsCryptoProvider().setProvider(new BouncyCastleProvider())));
            ctx.init(null, new TrustManager[] {new InspectingTrustManager()}, random);
            try (SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(plain, connector.domain(),
                    endpoint.port(), true)) {
                SSLParameters p = tls.getSSLParameters();
                p.setServerNames(List.of(new SNIHostName(connector.domain())));
                if (endpoint.directTls()) {
                    p.setApplicationProtocols(new String[] {"xmpp-server"});
                }
                tls.setSSLParameters(p);
                tls.startHandshake();
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate c : tls.getSession().getPeerCertificates()) {
                    chain.add((X509Certificate) c);
                }
                String protocol = tls.getSession().getProtocol();
                String suite = tls.getSession().getCipherSuite();
                // RFC 6120 §5.4.3.3: a new stream over TLS; what it offers is what a peer can authenticate with
                XmppStream secured = new XmppStream(tls.getInputStream(), tls.getOutputStream());
                boolean dialback = false;
                List<String> mechanisms = new ArrayList<>();
                String afterTls = null;
                try {
                    XmppStream.Opened o = secured.open(connector.from(), connector.domain());
                    dialback = o.header().declaresDialback()
                            || o.features().child(Namespaces.DIALBACK_FEATURE, "dialback") != null;
                    Element sasl = o.features().child(Namespaces.SASL, "mechanisms");
                    if (sasl != null) {
                        for (Element m : sasl.children()) {
                            mechanisms.add(m.text().trim());
                        }
                    }
                    secured.close();
                } catch (IOException e) {
                    // e.g. Prosody with s2s_secure_auth answers <not-authorized/>: the checker has no certificate
                    afterTls = e.getMessage();
                }
                return new Result(ready.startTlsOffered(), ready.startTlsRequired(), protocol, suite, chain, dialback,
                        mechanisms, afterTls);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up Bouncy Castle JSSE: " + e.getMessage(), e);
        }
    }

    /**
     * Accepts any chain so the checker can inspect it; trust is judged afterwards, apart from the handshake
     * ({@link Pkix}, {@link DaneCheck}, {@link PoshCheck}), so an untrusted certificate is reported, not hidden.
     */
    private static final class InspectingTrustManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("the checker is never a TLS server");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // inspected later, see class comment
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
