package dev.portcullis.server;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.DomainVerifier;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.Verification;
import dev.portcullis.api.dna.VerificationOutcome;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.api.tls.LocalIdentity;
import dev.portcullis.api.tls.PolicyDescription;
import dev.portcullis.api.tls.PolicyVerdict;
import dev.portcullis.api.tls.StartTlsRule;
import dev.portcullis.api.tls.TlsContext;
import dev.portcullis.api.tls.TlsPolicy;
import dev.portcullis.api.tls.TlsPolicyException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;

/**
 * Test-only security services for two in-process servers (the real bundles are exercised by the integration
 * tests): a TLS policy on plain JSSE trusting one test CA, accepting every session, and a verifier that proves a
 * certificate whose dNSName is the peer's domain, so SASL EXTERNAL authenticates (XEP-0178).
 */
final class LabSecurity {
    private LabSecurity() {
    }

    static TlsPolicy tls(X509Certificate ca) {
        return new TlsPolicy() {
            @Override
            public SSLEngine newEngine(TlsContext context) throws TlsPolicyException {
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
                    trust.setCertificateEntry("ca", ca);
                    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
                    tmf.init(trust);
                    SSLContext ctx = SSLContext.getInstance("TLSv1.3");
                    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
                    SSLEngine engine;
                    if (context.direction() == Direction.OUTBOUND) {
                        engine = ctx.createSSLEngine(context.peerDomain(), context.peerPort());
                        engine.setUseClientMode(true);
                        SSLParameters p = engine.getSSLParameters();
                        p.setServerNames(List.of(new SNIHostName(context.peerDomain())));
                        engine.setSSLParameters(p);
                    } else {
                        engine = ctx.createSSLEngine();
                        engine.setUseClientMode(false);
                        engine.setWantClientAuth(true);
                    }
                    return engine;
                } catch (Exception e) {
                    throw new TlsPolicyException("test engine failed", e);
                }
            }

            @Override
            public StartTlsRule startTls(String peerDomain) {
                return StartTlsRule.REQUIRED;
            }

            @Override
            public PolicyVerdict review(SSLSession session, TlsContext context) {
                return new PolicyVerdict("test", session.getProtocol(), session.getCipherSuite(), null, null, 0,
                        List.of(), List.of());
            }

            @Override
            public PolicyDescription describe() {
                return new PolicyDescription("test", "SunJSSE", List.of("TLSv1.3"), List.of(), Map.of(), List.of());
            }
        };
    }

    /** VERIFIED when the end-entity certificate names the peer's domain as a dNSName (RFC 6125 §6.4). */
    static DomainVerifier verifier() {
        return new DomainVerifier() {
            @Override
            public CompletionStage<Verification> verify(VerificationRequest r) {
                boolean named = !r.chain().isEmpty() && dnsNames(r.chain().get(0)).contains(r.peerDomain());
                return CompletableFuture.completedFuture(named
                        ? new Verification(r.peerDomain(), VerificationOutcome.VERIFIED, "pkix", List.of(new ProofResult(
                                "pkix", ProofStatus.PROVEN, "DNS-ID matches", "RFC 6125 §6.4", null)), null, null,
                                "pkix proves " + r.peerDomain())
                        : new Verification(r.peerDomain(), VerificationOutcome.UNVERIFIED, null, List.of(), null, null,
                                "nothing proves " + r.peerDomain()));
            }
        };
    }

    private static List<String> dnsNames(X509Certificate c) {
        try {
            return c.getSubjectAlternativeNames() == null ? List.of() : c.getSubjectAlternativeNames().stream()
                    .filter(san -> Integer.valueOf(2).equals(san.get(0))).map(san -> (String) san.get(1)).toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }
}
