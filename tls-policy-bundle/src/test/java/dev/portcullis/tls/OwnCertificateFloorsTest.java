package dev.portcullis.tls;

import static dev.portcullis.tls.Fixtures.CA;
import static dev.portcullis.tls.Fixtures.identity;
import static dev.portcullis.tls.Fixtures.inbound;
import static dev.portcullis.tls.Fixtures.outbound;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.tls.LocalIdentity;
import dev.portcullis.api.tls.PolicyViolation;
import dev.portcullis.api.tls.TlsPolicyException;
import dev.portcullis.testkit.TestCa;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 9325 §4.5 for our own certificates: the floors we ask of peers, by the same rule (CertificateFloors). */
class OwnCertificateFloorsTest {
    static final LocalIdentity WEAK_RSA = identity("weak.test", CA.issue("weak.test").dnsName("weak.test")
            .key(TestCa.KeyAlgorithm.RSA_1024).build());
    static final LocalIdentity SHA1 = identity("sha1.test", CA.issue("sha1.test").dnsName("sha1.test")
            .signatureAlgorithm("SHA1withECDSA").build());
    static final LocalIdentity GOOD = identity("good.test", CA.issue("good.test").dnsName("good.test").build());

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void ourRsaKeyUnder2048BitsIsNeverPresentedRfc9325Section4_5(String provider) {
        TlsPolicyComponent policy = Fixtures.policy(provider);
        TlsPolicyException in = assertThrows(TlsPolicyException.class,
                () -> policy.newEngine(inbound("weak.test", "peer.test", WEAK_RSA, GOOD)));
        assertTrue(in.getMessage().startsWith("The certificate of local domain weak.test is below the floors of "
                + "RFC 9325 §4.5"), in.getMessage());
        assertThrows(TlsPolicyException.class, () -> policy.newEngine(outbound("weak.test", "peer.test", WEAK_RSA)),
                "nor offered as our client certificate");
        List<PolicyViolation> v = OwnCertificates.violations(WEAK_RSA, Profile.RFC9325);
        assertEquals("local-key-size", v.get(0).rule());
        assertTrue(v.get(0).detail().startsWith("our certificate (CN=weak.test") && v.get(0).detail()
                .endsWith("has a 1024-bit RSA key; at least 2048 bits are required"), v.get(0).detail());
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void ourSha1SignedCertificateIsNeverPresentedRfc9325Section4_5(String provider) {
        TlsPolicyComponent policy = Fixtures.policy(provider);
        assertThrows(TlsPolicyException.class, () -> policy.newEngine(inbound("sha1.test", "peer.test", SHA1, GOOD)));
        List<PolicyViolation> v = OwnCertificates.violations(SHA1, Profile.RFC9325);
        assertEquals(List.of("local-signature-algorithm"), v.stream().map(PolicyViolation::rule).toList());
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void aGoodDomainBesideAWeakOneIsStillServed(String provider) throws Exception {
        TlsPolicyComponent policy = Fixtures.policy(provider);
        assertNotNull(policy.newEngine(inbound("good.test", "peer.test", WEAK_RSA, GOOD, SHA1)));
        assertTrue(OwnCertificates.violations(GOOD, Profile.RFC9325).isEmpty());
    }
}
