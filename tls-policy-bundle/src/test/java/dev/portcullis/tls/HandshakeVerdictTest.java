package dev.portcullis.tls;

import static dev.portcullis.tls.Fixtures.ALPHA;
import static dev.portcullis.tls.Fixtures.BETA;
import static dev.portcullis.tls.Fixtures.BETA_RSA;
import static dev.portcullis.tls.Fixtures.CA;
import static dev.portcullis.tls.Fixtures.identity;
import static dev.portcullis.tls.Fixtures.inbound;
import static dev.portcullis.tls.Fixtures.outbound;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.tls.LocalIdentity;
import dev.portcullis.api.tls.PolicyVerdict;
import dev.portcullis.api.tls.PolicyViolation;
import dev.portcullis.api.tls.TlsPolicy;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real handshakes in memory between engines from the policy (or a foreign peer not under it), and the
 * verdicts {@link TlsPolicy#review} gives (RFC 9325 §3.1.1, §4.1, §4.2, §4.5; RFC 8996).
 */
class HandshakeVerdictTest {

    static final LocalIdentity ALPHA_ID = identity("alpha.test", ALPHA);
    static final LocalIdentity BETA_ID = identity("beta.test", BETA);

    static final IssuedCertificate RSA_1024 = CA.issue("weak.test").dnsName("weak.test")
            .key(TestCa.KeyAlgorithm.RSA_1024).build();
    static final IssuedCertificate SHA1_SIGNED = CA.issue("sha1.test").dnsName("sha1.test")
            .signatureAlgorithm("SHA1withECDSA").build();
    static final IssuedCertificate UNKNOWN_CA = TestCa.create("Someone else's CA").issue("other.test")
            .dnsName("other.test").build();

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void twoPolicyEnginesNegotiateTls13AndTheVerdictAcceptsIt(String provider) throws Exception {
        TlsPolicy alpha = Fixtures.policy(provider);
        TlsPolicy beta = Fixtures.policy(provider);
        var out = outbound("alpha.test", "beta.test", ALPHA_ID);
        var in = inbound("beta.test", "alpha.test", BETA_ID);
        Handshakes.Outcome o = Handshakes.run(alpha.newEngine(out), beta.newEngine(in));
        assertTrue(o.succeeded(), o.errors());

        PolicyVerdict v = alpha.review(o.client().getSession(), out);
        assertTrue(v.accepted(), v.violations().toString());
        assertEquals("rfc9325", v.profile());
        assertEquals("TLSv1.3", v.protocol(), "RFC 9325 §3.1.1: TLS 1.3 preferred");
        assertTrue(Profile.TLS13_SUITES.contains(v.cipherSuite()));
        assertEquals("EC", v.peerKeyAlgorithm());
        assertEquals(256, v.peerKeyBits());
        assertEquals(List.of("SHA256withECDSA", "SHA256withECDSA"), v.peerSignatureAlgorithms());
        if (provider.equals("sun")) {
            assertEquals("x25519", v.namedGroup(), "SunJSSE's group is observed through the engine's constraints");
        } else if (provider.equals("conscrypt")) {
            assertEquals("x25519", v.namedGroup(), "Conscrypt reports the group BoringSSL used (RFC 7590 §3.6)");
        }

        PolicyVerdict inboundVerdict = beta.review(o.server().getSession(), in);
        assertTrue(inboundVerdict.accepted(), inboundVerdict.violations().toString());
        assertEquals(256, inboundVerdict.peerKeyBits(), "the initiating peer's client certificate was requested");
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void tls12PeerGetsAnEcdheAeadSuiteChosenByServerPreference(String provider) throws Exception {
        TlsPolicy beta = Fixtures.policy(provider);
        var in = inbound("beta.test", "legacy.test", BETA_ID);
        SSLEngine client = Fixtures.foreign(RSA_2048_CLIENT, true, new String[] {"TLSv1.2"}, new String[] {
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"});
        Handshakes.Outcome o = Handshakes.run(client, beta.newEngine(in));
        assertTrue(o.succeeded(), o.errors());
        PolicyVerdict v = beta.review(o.server().getSession(), in);
        assertEquals("TLSv1.2", v.protocol());
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", v.cipherSuite(),
                "RFC 9325 §4.2.1: the server prefers the stronger AEAD suite, never the CBC one the client put first");
        assertTrue(v.accepted(), v.violations().toString());
    }

    static final IssuedCertificate RSA_2048_CLIENT = CA.issue("legacy.test").dnsName("legacy.test")
            .key(TestCa.KeyAlgorithm.RSA_2048).build();

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void refusesAPeerWithA1024BitRsaKey(String provider) throws Exception {
        TlsPolicy alpha = Fixtures.policy(provider);
        Handshakes.Outcome o = Handshakes.run(alpha.newEngine(outbound("alpha.test", "weak.test", ALPHA_ID)),
                Fixtures.foreign(RSA_1024, false, null, null));
        assertFalse(o.succeeded());
        assertTrue(o.errors().contains("1024-bit RSA key") && o.errors().contains("RFC 9325 §4.5"), o.errors());
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void refusesAnInboundPeerWhoseClientCertificateIsSha1Signed(String provider) throws Exception {
        TlsPolicy beta = Fixtures.policy(provider);
        Handshakes.Outcome o = Handshakes.run(Fixtures.foreign(SHA1_SIGNED, true, null, null),
                beta.newEngine(inbound("beta.test", "sha1.test", BETA_ID)));
        assertFalse(o.succeeded());
        assertTrue(o.errors().contains("SHA1withECDSA") && o.errors().contains("RFC 9155"), o.errors());
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void acceptsAPeerFromAnUnknownCaBecauseIdentityIsTheVerifiersJob(String provider) throws Exception {
        TlsPolicy alpha = Fixtures.policy(provider);
        var out = outbound("alpha.test", "other.test", ALPHA_ID);
        TlsPolicy other = Fixtures.policy(provider);
        Handshakes.Outcome o = Handshakes.run(alpha.newEngine(out),
                other.newEngine(inbound("other.test", "alpha.test", identity("other.test", UNKNOWN_CA))));
        assertTrue(o.succeeded(), o.errors());
        assertTrue(alpha.review(o.client().getSession(), out).accepted());
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void reviewFlagsStaticRsaKeyTransportNegotiatedByAPeerOutsideThePolicy(String provider) throws Exception {
        // Two foreign peers agree on a static-RSA CBC suite; the policy judges that session.
        Handshakes.Outcome o = Handshakes.run(
                Fixtures.foreign(RSA_2048_CLIENT, true, new String[] {"TLSv1.2"}, new String[] {"TLS_RSA_WITH_AES_128_CBC_SHA"}),
                Fixtures.foreign(BETA_RSA, false, new String[] {"TLSv1.2"}, new String[] {"TLS_RSA_WITH_AES_128_CBC_SHA"}));
        assertTrue(o.succeeded(), o.errors());
        var in = inbound("beta.test", "legacy.test", BETA_ID);
        PolicyVerdict v = Fixtures.policy(provider).review(o.server().getSession(), in);
        assertFalse(v.accepted());
        PolicyViolation suite = v.violations().stream().filter(x -> x.rule().equals("cipher-suite")).findFirst().orElseThrow();
        assertEquals("RFC 9325 §4.1", suite.specSection());
        assertTrue(suite.detail().contains("TLS_RSA_WITH_AES_128_CBC_SHA"));
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void reviewFlagsA1024BitPeerKeyAndTls12UnderTheTls13Profile(String provider) throws Exception {
        Handshakes.Outcome o = Handshakes.run(
                Fixtures.foreign(RSA_1024, true, new String[] {"TLSv1.2"}, null),
                Fixtures.foreign(BETA_RSA, false, new String[] {"TLSv1.2"}, null));
        assertTrue(o.succeeded(), o.errors());
        var in = inbound("beta.test", "weak.test", BETA_ID);
        PolicyVerdict v = Fixtures.policy(provider, "profile", "tls13").review(o.server().getSession(), in);
        assertEquals("tls13", v.profile());
        assertEquals("RSA", v.peerKeyAlgorithm());
        assertEquals(1024, v.peerKeyBits());
        assertTrue(v.violations().stream().anyMatch(x -> x.rule().equals("peer-key-size")
                && x.specSection().equals("RFC 9325 §4.5")), v.violations().toString());
        assertTrue(v.violations().stream().anyMatch(x -> x.rule().equals("protocol-version")
                && x.detail().contains("TLSv1.2")), v.violations().toString());
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void perPeerOverrideAppliesTheNamedProfileToThatPeerOnly(String provider) throws Exception {
        if (provider.equals("conscrypt")) {
            ConfigRejection r = org.junit.jupiter.api.Assertions.assertThrows(ConfigRejection.class, () -> PolicySettings.parse(
                    Fixtures.config(provider, "peer.legacy.test.profile", "rfc7525"), new Providers()::supportedSuites));
            assertEquals("peer.legacy.test.profile", r.key(), "no DHE suite on BoringSSL: refused, not narrowed");
            PolicySettings auto = PolicySettings.parse(Map.of("provider", "auto", "peer.legacy.test.profile", "rfc7525"), new Providers()::supportedSuites);
            assertEquals(JsseProvider.SUN, auto.provider(), "provider = auto takes SunJSSE for it");
            assertTrue(auto.providerFallback().contains("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"), auto.providerFallback());
            return;
        }
        TlsPolicy beta = Fixtures.policy(provider, "peer.legacy.test.profile", "rfc7525");
        IssuedCertificate betaRsa = BETA_RSA;
        LocalIdentity betaRsaId = identity("beta.test", betaRsa);
        String[] dhe = {"TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"};
        Handshakes.Outcome legacy = Handshakes.run(Fixtures.foreign(RSA_2048_CLIENT, true, new String[] {"TLSv1.2"}, dhe),
                beta.newEngine(inbound("beta.test", "legacy.test", betaRsaId)));
        assertTrue(legacy.succeeded(), "rfc7525 (RFC 7525 §4.2) offers DHE-RSA-AES128-GCM: " + legacy.errors());
        PolicyVerdict v = beta.review(legacy.server().getSession(), inbound("beta.test", "legacy.test", betaRsaId));
        assertEquals("rfc7525", v.profile());
        assertTrue(v.accepted(), v.violations().toString());

        Handshakes.Outcome modern = Handshakes.run(Fixtures.foreign(RSA_2048_CLIENT, true, new String[] {"TLSv1.2"}, dhe),
                beta.newEngine(inbound("beta.test", "modern.test", betaRsaId)));
        assertFalse(modern.succeeded(), "rfc9325 does not negotiate DHE suites (RFC 9325 §4.1)");
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void directTlsPresentsTheCertificateSniAsksFor(String provider) throws Exception {
        TlsPolicy server = Fixtures.policy(provider);
        TlsPolicy client = Fixtures.policy(provider);
        Handshakes.Outcome o = Handshakes.run(client.newEngine(outbound("gamma.test", "beta.test", identity("gamma.test", ALPHA))),
                server.newEngine(inbound(null, null, ALPHA_ID, BETA_ID)));
        assertTrue(o.succeeded(), o.errors());
        assertEquals(BETA.certificate(), o.client().getSession().getPeerCertificates()[0], "XEP-0368 §3, RFC 6066 §3");
    }

    /** Narrows a foreign (SunJSSE) engine to the given group and signature-scheme names. */
    private static SSLEngine only(SSLEngine e, java.util.Set<String> allowed) {
        javax.net.ssl.SSLParameters p = e.getSSLParameters();
        p.setAlgorithmConstraints(new java.security.AlgorithmConstraints() {
            @Override
            public boolean permits(java.util.Set<java.security.CryptoPrimitive> prim, String alg, java.security.AlgorithmParameters ap) {
                boolean group = prim.contains(java.security.CryptoPrimitive.KEY_AGREEMENT) && (alg.startsWith("secp")
                        || alg.equals("x25519") || alg.equals("x448") || alg.startsWith("ffdhe"));
                boolean scheme = prim.contains(java.security.CryptoPrimitive.SIGNATURE) && alg.contains("_");
                return !(group || scheme) || allowed.contains(alg);
            }

            @Override
            public boolean permits(java.util.Set<java.security.CryptoPrimitive> prim, java.security.Key key) {
                return true;
            }

            @Override
            public boolean permits(java.util.Set<java.security.CryptoPrimitive> prim, String alg, java.security.Key key,
                                   java.security.AlgorithmParameters ap) {
                return permits(prim, alg, ap);
            }
        });
        e.setSSLParameters(p);
        return e;
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void neverAgreesOnAKeyExchangeGroupOutsideTheProfile(String provider) throws Exception {
        // A foreign server (RSA certificate, so no ECDSA scheme depends on a curve) that accepts one group only;
        // our client sends no certificate, so the server's constraints judge nothing of ours.
        TlsPolicy alpha = Fixtures.policy(provider);
        for (String group : List.of("secp521r1", "x448")) {
            SSLEngine server = only(Fixtures.foreign(BETA_RSA, false, null, null),
                    java.util.Set.of(group, "rsa_pss_rsae_sha256", "rsa_pkcs1_sha256"));
            Handshakes.Outcome o = Handshakes.run(alpha.newEngine(outbound("alpha.test", "beta.test")), server);
            assertFalse(o.succeeded(), group + " is not among rfc9325's groups (RFC 9325 §4.2.1): " + o.errors());
        }
        SSLEngine control = only(Fixtures.foreign(BETA_RSA, false, null, null),
                java.util.Set.of("secp384r1", "rsa_pss_rsae_sha256", "rsa_pkcs1_sha256"));
        Handshakes.Outcome ok = Handshakes.run(alpha.newEngine(outbound("alpha.test", "beta.test")), control);
        assertTrue(ok.succeeded(), "control: secp384r1 is in the profile: " + ok.errors());
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void p521PeerCertificateNeedsBouncyCastleBecauseSunJsseTiesItsSchemeToTheSecp521r1Group(String provider) throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp521r1"));
        IssuedCertificate p521 = CA.issue("big.test").dnsName("big.test").keyPair(g.generateKeyPair()).build();
        Handshakes.Outcome o = Handshakes.run(Fixtures.policy(provider).newEngine(outbound("alpha.test", "big.test", ALPHA_ID)),
                Fixtures.foreign(p521, false, null, null));
        // SunJSSE 17 offers ecdsa_secp521r1_sha512 only while the secp521r1 group is permitted, and rfc9325's
        // groups (x25519, secp256r1, secp384r1, ffdhe) leave it out; BCJSSE keeps schemes and groups apart.
        if (provider.equals("bc")) {
            assertTrue(o.succeeded(), o.errors());
        } else {
            assertFalse(o.succeeded(), "documented SunJSSE limitation changed? " + o.errors());
            assertTrue(o.errors().contains("No supported CertificateVerify signature algorithm"), o.errors());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void refusesAServerThatCanOnlySignWithSha1(String provider) throws Exception {
        TlsPolicy alpha = Fixtures.policy(provider);
        SSLEngine server = only(Fixtures.foreign(BETA, false, new String[] {"TLSv1.2"}, null),
                java.util.Set.of("x25519", "secp256r1", "ecdsa_sha1"));
        Handshakes.Outcome o = Handshakes.run(alpha.newEngine(outbound("alpha.test", "beta.test")), server);
        assertFalse(o.succeeded(), "no SHA-1 handshake signatures (RFC 9325 §4.5, RFC 9155): " + o.errors());
        assertTrue(o.errors().contains("No supported signature algorithm"), "we offered no SHA-1 scheme: " + o.errors());
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void directTlsWithoutSniPresentsTheFirstConfiguredDomain(String provider) throws Exception {
        SSLEngine noSni = Fixtures.foreign(RSA_2048_CLIENT, true, null, null);
        javax.net.ssl.SSLParameters p = noSni.getSSLParameters();
        p.setServerNames(List.of());                                              // sends no server_name
        noSni.setSSLParameters(p);
        Handshakes.Outcome o = Handshakes.run(noSni, Fixtures.policy(provider).newEngine(inbound(null, null, ALPHA_ID, BETA_ID)));
        assertTrue(o.succeeded(), o.errors());
        assertEquals(ALPHA.certificate(), o.client().getSession().getPeerCertificates()[0]);
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void directTlsRefusesAnSniNameWeHoldNoCertificateFor(String provider) throws Exception {
        Handshakes.Outcome o = Handshakes.run(
                Fixtures.policy(provider).newEngine(outbound("gamma.test", "nobody.test", identity("gamma.test", ALPHA))),
                Fixtures.policy(provider).newEngine(inbound(null, null, ALPHA_ID, BETA_ID)));
        assertFalse(o.succeeded(), "RFC 9325 §3.7: an unrecognised server name fails the handshake");
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void aConfigChangeAppliesToTheNextEngineWhileEarlierEnginesKeepTheirs(String provider) throws Exception {
        TlsPolicyComponent beta = Fixtures.policy(provider);
        SSLEngine before = beta.newEngine(inbound("beta.test", "legacy.test", BETA_ID));
        beta.modified(Fixtures.config(provider, "profile", "tls13", "session-timeout", "600"));
        SSLEngine after = beta.newEngine(inbound("beta.test", "legacy.test", BETA_ID));
        assertEquals(List.of("TLSv1.3"), List.of(after.getEnabledProtocols()));
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(before.getEnabledProtocols()));

        Handshakes.Outcome old = Handshakes.run(Fixtures.foreign(RSA_2048_CLIENT, true, new String[] {"TLSv1.2"}, null), before);
        assertTrue(old.succeeded(), "the engine built before the change still speaks TLS 1.2: " + old.errors());
        Handshakes.Outcome now = Handshakes.run(Fixtures.foreign(RSA_2048_CLIENT, true, new String[] {"TLSv1.2"}, null), after);
        assertFalse(now.succeeded(), "the engine built after the change refuses TLS 1.2");

        Handshakes.Outcome fresh = Handshakes.run(Fixtures.foreign(RSA_2048_CLIENT, true, null, null),
                beta.newEngine(inbound("beta.test", "legacy.test", BETA_ID)));
        assertTrue(fresh.succeeded(), fresh.errors());
        assertEquals("TLSv1.3", fresh.server().getSession().getProtocol());
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void refusesTls12RenegotiationStartedByThePeer(String provider) throws Exception {
        TlsPolicy beta = Fixtures.policy(provider);
        Handshakes.Outcome o = Handshakes.run(Fixtures.foreign(RSA_2048_CLIENT, true, new String[] {"TLSv1.2"}, null),
                beta.newEngine(inbound("beta.test", "legacy.test", BETA_ID)));
        assertTrue(o.succeeded(), o.errors());
        o.client().beginHandshake();    // RFC 5746 secure renegotiation, client-initiated
        Handshakes.Outcome again = Handshakes.resume(o);
        boolean completed = again.succeeded()
                && again.client().getHandshakeStatus() == javax.net.ssl.SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                && again.server().getHandshakeStatus() == javax.net.ssl.SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING;
        System.out.println(provider + " renegotiation attempt: completed=" + completed + " client status="
                + again.client().getHandshakeStatus() + " errors=" + again.errors());
        assertFalse(completed, "renegotiation must not complete (RFC 9325 §3.5): " + again.errors());
        // refused at once, on every provider: the ClientHello itself ends the engine (no waiting for the peer)
        assertTrue(again.errors().contains("RFC 9325 §3.5"), again.errors());
        assertTrue(again.server().isOutboundDone(), provider + ": the server engine must be closed, not left waiting");
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void sessionLifetimeIsBoundedByConfiguration(String provider) throws Exception {
        TlsPolicy beta = Fixtures.policy(provider, "session-timeout", "600");
        Handshakes.Outcome o = Handshakes.run(Fixtures.foreign(RSA_2048_CLIENT, true, new String[] {"TLSv1.2"}, null),
                beta.newEngine(inbound("beta.test", "legacy.test", BETA_ID)));
        assertTrue(o.succeeded(), o.errors());
        assertEquals(600, o.server().getSession().getSessionContext().getSessionTimeout(),
                "bounded resumption lifetime (RFC 9325 §3.4)");
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void aPeerWithoutCertificateIsStillReviewedForDialback(String provider) throws Exception {
        TlsPolicy beta = Fixtures.policy(provider);
        var in = inbound("beta.test", "nocert.test", BETA_ID);
        SSLEngine anonymousClient = Fixtures.policy(provider).newEngine(outbound("nocert.test", "beta.test"));
        Handshakes.Outcome o = Handshakes.run(anonymousClient, beta.newEngine(in));
        assertTrue(o.succeeded(), o.errors());
        PolicyVerdict v = beta.review(o.server().getSession(), in);
        assertTrue(v.accepted());
        assertNull(v.peerKeyAlgorithm());
        assertNotNull(v.cipherSuite());
    }
}
