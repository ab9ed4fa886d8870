package dev.portcullis.testkit.load;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.TlsContexts;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

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

    /** {@code count} domains named {@code prefix-<i>.test}. Certificates are issued lazily. */
    public OriginDomains(TestCa ca, String prefix, int count) {
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
        return certificates.computeIfAbsent(domain, d -> ca.issue(d).dnsName(d).xmppAddr(d).build());
    }

    /** TLS 1.3 context presenting {@code domain}'s certificate and trusting only the test CA. */
    public SSLContext context(String domain) {
        return contexts.computeIfAbsent(domain, d -> {
            try {
                IssuedCertificate c = certificate(d);
                SSLContext ctx = SSLContext.getInstance("TLSv1.3");
                ctx.init(TlsContexts.keyManagers(c), TlsContexts.trustManagers(ca.certificate()), null);
                return ctx;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot build a TLS context for " + d, e);
            }
        });
    }
}
