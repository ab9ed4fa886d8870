package dev.portcullis.tls;

import static dev.portcullis.tls.Fixtures.ALPHA;
import static dev.portcullis.tls.Fixtures.identity;
import static dev.portcullis.tls.Fixtures.inbound;
import static dev.portcullis.tls.Fixtures.outbound;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.tls.LocalIdentity;
import java.security.CryptoPrimitive;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.bouncycastle.jsse.BCSSLEngine;
import org.bouncycastle.jsse.BCSSLParameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each named profile's engine parameters, on both providers (RFC 9325 §3.1.1, §4.2; RFC 7525 §4.2; RFC 8446). */
class ProfileEngineParametersTest {

    static final LocalIdentity ALPHA_ID = identity("alpha.test", ALPHA);

    static Stream<Arguments> profilesAndProviders() {
        return Fixtures.providers().flatMap(provider -> Profile.BUILT_IN.stream()
                .map(p -> Arguments.of(provider, p.name())));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("profilesAndProviders")
    void engineEnablesExactlyTheProfilesProtocolsAndSuitesInServerOrder(String provider, String profileName) throws Exception {
        Profile profile = Profile.named(profileName).orElseThrow();
        if (Fixtures.refusedOnProvider(provider, profileName)) {
            return;
        }
        SSLEngine e = Fixtures.policy(provider, "profile", profileName).newEngine(inbound("alpha.test", "beta.test", ALPHA_ID));
        assertEquals(profile.protocols(), List.of(e.getEnabledProtocols()));
        if (provider.equals("conscrypt")) {
            // BoringSSL enables all three TLS 1.3 suites in its own order (AES-128 first); TLS 1.2 ones in ours
            List<String> enabled = List.of(e.getEnabledCipherSuites());
            assertEquals(Set.copyOf(Profile.TLS13_SUITES), Set.copyOf(enabled.subList(0, 3)));
            List<String> tls12 = profile.protocols().contains("TLSv1.2")
                    ? profile.cipherSuites().subList(3, profile.cipherSuites().size())
                    : EngineTuning.KEY_TYPE_SUITES;   // inert without TLS 1.2: they only name key types for Conscrypt
            assertEquals(tls12, enabled.subList(3, enabled.size()));
        } else {
            assertEquals(profile.cipherSuites(), List.of(e.getEnabledCipherSuites()));
        }
        SSLParameters p = e.getSSLParameters();
        assertTrue(p.getUseCipherSuitesOrder(), "server preference order (RFC 9325 §4.2.1)");
        assertFalse(e.getUseClientMode());
        assertTrue(e.getWantClientAuth(), "client certificate requested on inbound streams (RFC 7712 §4.2)");
        assertFalse(e.getNeedClientAuth(), "a peer without a certificate may still use dialback");
        assertNull(p.getEndpointIdentificationAlgorithm(), "identity is the DNA verifier's job (RFC 7712)");
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void rfc9325NeverEnablesOldProtocolsOrNonAeadTls12Suites(String provider) throws Exception {
        SSLEngine e = Fixtures.policy(provider).newEngine(inbound("alpha.test", "beta.test", ALPHA_ID));
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(e.getEnabledProtocols()), "TLS 1.3 preferred (RFC 9325 §3.1.1)");
        for (String s : e.getEnabledCipherSuites()) {
            boolean tls13 = ForbiddenAlgorithms.isTls13Suite(s);
            assertTrue(tls13 || (s.startsWith("TLS_ECDHE_") && (s.contains("_GCM_") || s.contains("CHACHA20"))),
                    s + " is not an ECDHE+AEAD suite (RFC 9325 §4.2)");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void rfc7525EnablesItsFourRecommendedSuitesWithEcdheRsaAes128BeforeWeakerOnes(String provider) throws Exception {
        if (Fixtures.refusedOnProvider(provider, "rfc7525")) {
            return;
        }
        SSLEngine e = Fixtures.policy(provider, "profile", "rfc7525").newEngine(inbound("alpha.test", null, ALPHA_ID));
        List<String> tls12 = Stream.of(e.getEnabledCipherSuites()).filter(s -> !ForbiddenAlgorithms.isTls13Suite(s)).toList();
        assertEquals(Set.of("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"), Set.copyOf(tls12));
        assertTrue(tls12.indexOf("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256") < tls12.indexOf("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
                "RFC 7525 §4.2.1: servers MUST prefer TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 over weaker suites");
        assertTrue(List.of(e.getEnabledProtocols()).contains("TLSv1.2"));
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void tls13ProfileEnablesOnlyTls13(String provider) throws Exception {
        SSLEngine e = Fixtures.policy(provider, "profile", "tls13").newEngine(outbound("alpha.test", "beta.test", ALPHA_ID));
        assertArrayEquals(new String[] {"TLSv1.3"}, e.getEnabledProtocols());
        assertTrue(Stream.of(e.getEnabledCipherSuites()).allMatch(ForbiddenAlgorithms::isTls13Suite));
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void outboundEngineIsAClientNamingThePeerDomainInSni(String provider) throws Exception {
        SSLEngine e = Fixtures.policy(provider).newEngine(outbound("alpha.test", "beta.test", ALPHA_ID));
        assertTrue(e.getUseClientMode());
        assertEquals(List.of(new SNIHostName("beta.test")), e.getSSLParameters().getServerNames(), "RFC 7590 §3.5");
        assertNull(e.getSSLParameters().getEndpointIdentificationAlgorithm());
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void aPeerDomainSniCannotCarryIsLeftOutOfSniInsteadOfFailing(String provider) throws Exception {
        for (String odd : List.of("[::1]", "under_score.test", "-dash.test")) {
            SSLEngine e = Fixtures.policy(provider).newEngine(outbound("alpha.test", odd, ALPHA_ID));
            assertTrue(e.getUseClientMode());
            assertTrue(e.getSSLParameters().getServerNames() == null || e.getSSLParameters().getServerNames().stream()
                    .noneMatch(n -> new String(n.getEncoded(), java.nio.charset.StandardCharsets.US_ASCII).equals(odd)),
                    "RFC 6066 §3: " + odd + " is no host name");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void inboundStreamForADomainWithoutCertificateIsRefusedWithAClearMessage(String provider) {
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.portcullis.api.tls.TlsPolicyException.class,
                () -> Fixtures.policy(provider).newEngine(inbound("gamma.test", "beta.test", ALPHA_ID)));
        assertTrue(e.getMessage().contains("No certificate for local domain gamma.test")
                && e.getMessage().contains("alpha.test"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void perEngineConstraintsAllowOnlyTheProfilesGroupsAndNoSha1Signatures(String provider) throws Exception {
        SSLEngine e = Fixtures.policy(provider).newEngine(inbound("alpha.test", "beta.test", ALPHA_ID));
        var c = e.getSSLParameters().getAlgorithmConstraints();
        var ka = EnumSet.of(CryptoPrimitive.KEY_AGREEMENT);
        var sig = EnumSet.of(CryptoPrimitive.SIGNATURE);
        assertTrue(c.permits(ka, "x25519", null));
        assertTrue(c.permits(ka, "secp256r1", null));
        assertTrue(c.permits(ka, "ffdhe2048", null));
        assertFalse(c.permits(ka, "secp224r1", null), "curves under 256 bits are below the floor (RFC 9325 §4.5)");
        assertFalse(c.permits(ka, "sect163k1", null));
        assertTrue(c.permits(sig, "ecdsa_secp256r1_sha256", null));
        assertFalse(c.permits(sig, "rsa_pkcs1_sha1", null), "RFC 9325 §4.5, RFC 9155");
        assertFalse(c.permits(sig, "ecdsa_sha1", null), "RFC 9325 §4.5, RFC 9155");
        assertFalse(c.permits(sig, "SHA1withRSA", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bc"})
    void bouncyCastleEnginesCarryExactGroupAndSignatureSchemeLists(String provider) throws Exception {
        SSLEngine e = Fixtures.policy(provider).newEngine(inbound("alpha.test", "beta.test", ALPHA_ID));
        BCSSLParameters p = assertInstanceOf(BCSSLEngine.class,
                assertInstanceOf(RenegotiationGuard.class, e).delegate()).getParameters();
        assertEquals(Profile.RFC9325.namedGroups(), List.of(p.getNamedGroups()));
        assertEquals(Profile.RFC9325.signatureSchemes(), List.of(p.getSignatureSchemes()));
        assertTrue(p.getUseNamedGroupsOrder());
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void enginesOfEveryProviderAreGuardedAgainstRenegotiationRfc9325Section3_5(String provider) throws Exception {
        SSLEngine e = Fixtures.policy(provider).newEngine(inbound("alpha.test", "beta.test", ALPHA_ID));
        assertInstanceOf(RenegotiationGuard.class, e, "neither provider refuses renegotiation at once by itself (RFC 9325 §3.5)");
    }
}
