package dev.portcullis.stream;

import dev.portcullis.api.Direction;
import dev.portcullis.api.tls.LocalIdentity;
import dev.portcullis.api.tls.PolicyDescription;
import dev.portcullis.api.tls.PolicyVerdict;
import dev.portcullis.api.tls.PolicyViolation;
import dev.portcullis.api.tls.StartTlsRule;
import dev.portcullis.api.tls.TlsContext;
import dev.portcullis.api.tls.TlsPolicy;
import dev.portcullis.api.tls.TlsPolicyException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;

/**
 * A small test-only {@link TlsPolicy} on plain JSSE: real engines with the {@link TestPki} certificates,
 * trust anchored in the test CA (chain validation only; identity is the verifier's job, as in the real
 * policy). Knobs: protocols, plaintext peers, a protocol to reject in review, a failing newEngine.
 */
final class TestTlsPolicy implements TlsPolicy {
    final Set<String> plaintextPeers = new HashSet<>();
    String[] protocols = {"TLSv1.3", "TLSv1.2"};
    String rejectProtocol;
    boolean failNewEngine;
    final List<TlsContext> contexts = new ArrayList<>();

    @Override
    public SSLEngine newEngine(TlsContext context) throws TlsPolicyException {
        contexts.add(context);
        if (failNewEngine) {
            throw new TlsPolicyException("no certificate configured for " + context.localDomain() + " (test)");
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            for (LocalIdentity id : context.identities()) {
                if (context.localDomain() == null || context.localDomain().equals(id.domain())) {
                    ks.setKeyEntry(id.domain(), id.key(), new char[0], id.chain().toArray(Certificate[]::new));
                }
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(ks, new char[0]);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", TestPki.INSTANCE.ca.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            SSLEngine engine;
            SSLParameters p;
            if (context.direction() == Direction.OUTBOUND) {
                engine = ctx.createSSLEngine(context.peerDomain(), context.peerPort());
                engine.setUseClientMode(true);
                p = engine.getSSLParameters();
                p.setServerNames(List.of(new SNIHostName(context.peerDomain()))); // RFC 7590 §3.5
            } else {
                engine = ctx.createSSLEngine();
                engine.setUseClientMode(false);
                p = engine.getSSLParameters();
                p.setWantClientAuth(true); // XEP-0178: the receiving server requests the client certificate
            }
            p.setProtocols(protocols);
            engine.setSSLParameters(p);
            return engine;
        } catch (Exception e) {
            throw new TlsPolicyException("test engine failed", e);
        }
    }

    @Override
    public StartTlsRule startTls(String peerDomain) {
        return plaintextPeers.contains(peerDomain) ? StartTlsRule.PLAINTEXT_PERMITTED : StartTlsRule.REQUIRED;
    }

    @Override
    public PolicyVerdict review(SSLSession session, TlsContext context) {
        List<PolicyViolation> violations = new ArrayList<>();
        if (session.getProtocol().equals(rejectProtocol)) {
            violations.add(new PolicyViolation("protocol-version", session.getProtocol() + " is below the test floor",
                    "RFC 9325 §3.1.1"));
        }
        String keyAlg = null;
        List<String> sigs = new ArrayList<>();
        try {
            for (Certificate c : session.getPeerCertificates()) {
                X509Certificate x = (X509Certificate) c;
                if (keyAlg == null) {
                    keyAlg = x.getPublicKey().getAlgorithm();
                }
                sigs.add(x.getSigAlgName());
            }
        } catch (SSLPeerUnverifiedException e) {
            // no client certificate
        }
        return new PolicyVerdict("test", session.getProtocol(), session.getCipherSuite(), null, keyAlg, 0, sigs, violations);
    }

    @Override
    public PolicyDescription describe() {
        return new PolicyDescription("test", "SunJSSE", List.of(protocols), List.of(), Map.of(), List.copyOf(plaintextPeers));
    }
}
