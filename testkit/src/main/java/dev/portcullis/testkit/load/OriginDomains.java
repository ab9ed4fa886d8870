package dev.portcullis.testkit.load;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.TlsContexts;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The load generator's origin domains ({@code load-0.test}, {@code load-1.test}, ...): each has its own ECDSA
 * P-256 certificate from the test CA with a DNS-ID and an XmppAddr (RFC 6120 §13.7.1.2, XEP-0178 §3), so a
 * server that allows one stream per domain pair still accepts every stream. One {@link SSLContext} per domain,
 * built on first use and then shared by that domain's initiating and receiving streams.
 */
public final class OriginDomains {
    private final TestCa ca;
    private final List<String> names;
    private final Map<String, IssuedCertificate> certificates = new ConcurrentHashMap<>();
    private final Map<String, SSLContext> contexts = new ConcurrentHashMap<>();
    private final KeyPair sharedKey;
    private final Provider tlsProvider;
    private TrustManager[] trustManagers;

    /** {@code count} domains named {@code prefix-<i>.test}. Certificates are issued lazily. */
    public OriginDomains(TestCa ca, String prefix, int count) {
        this(ca, prefix, count, null, null);
    }

    /**
     * As above, but every certificate carries {@code sharedKey} (e.g. one RSA-2048 key: generating thousands is
     * slow, and the handshake cost depends on the key type, not on which key), and the TLS contexts come from
     * {@code tlsProvider} (an unregistered JSSE provider instance). {@code null} for either: a fresh ECDSA P-256
     * key per domain, the JVM's default provider.
     */
    public OriginDomains(TestCa ca, String prefix, int count, KeyPair sharedKey, Provider tlsProvider) {
        this.sharedKey = sharedKey;
        this.tlsProvider = tlsProvider;
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive");
        }
        this.ca = ca;
        List<String> n = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            n.add(prefix + "-" + i + ".test");
        }
        this.names = List.copyOf(n);
    }

    public List<String> names() {
        return names;
    }

    public String name(int i) {
        return names.get(i % names.size());
    }

    public TestCa ca() {
        return ca;
    }

    public IssuedCertificate certificate(String domain) {
        return certificates.computeIfAbsent(domain, d -> sharedKey == null
                ? ca.issue(d).dnsName(d).xmppAddr(d).build()
                : ca.issue(d).dnsName(d).xmppAddr(d).keyPair(sharedKey).build());
    }

    /** The test CA as the only trust anchor; one trust manager shared by every domain's context. */
    private synchronized TrustManager[] trust() throws GeneralSecurityException {
        if (trustManagers == null) {
            TrustManager[] pkix = TlsContexts.trustManagers(ca.certificate());
            trustManagers = tlsProvider == null ? pkix
                    : new TrustManager[] {new AuthTypeTrustManager((javax.net.ssl.X509ExtendedTrustManager) pkix[0])};
        }
        return trustManagers;
    }

    /** TLS 1.3 context presenting {@code domain}'s certificate and trusting only the test CA. */
    public SSLContext context(String domain) {
        return contexts.computeIfAbsent(domain, d -> {
            try {
                IssuedCertificate c = certificate(d);
                SSLContext ctx = tlsProvider == null ? SSLContext.getInstance("TLSv1.3")
                        : SSLContext.getInstance("TLS", tlsProvider);
                ctx.init(new KeyManager[] {new FixedKeyManager(c.chain(), c.keyPair().getPrivate())}, trust(), null);
                return ctx;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot build a TLS context for " + d, e);
            }
        });
    }
}
