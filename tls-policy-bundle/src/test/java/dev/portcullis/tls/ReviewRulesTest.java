package dev.portcullis.tls;

import static dev.portcullis.tls.Fixtures.CA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.tls.PolicyVerdict;
import dev.portcullis.api.tls.PolicyViolation;
import dev.portcullis.testkit.IssuedCertificate;
import java.security.KeyPairGenerator;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Verdict rules no real JSSE handshake on Java 17 can produce (the JDK disables TLS 1.0/1.1 and curves
 * under 256 bits are not offered), checked on a hand-made session: a unit edge case, so a fake is used.
 */
class ReviewRulesTest {

    @ParameterizedTest
    @CsvSource({"TLSv1, RFC 8996 §4", "TLSv1.1, RFC 8996 §5", "SSLv3, RFC 9325 §3.1.1"})
    void flagsOldProtocolVersionsWithTheirSection(String protocol, String section) {
        PolicyVerdict v = SessionReview.review(new FakeSession(protocol, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
                Profile.RFC9325);
        PolicyViolation p = v.violations().get(0);
        assertEquals("protocol-version", p.rule());
        assertTrue(p.specSection().startsWith(section), p.toString());
    }

    @Test
    void flagsANullSuiteAsForbidden() {
        PolicyVerdict v = SessionReview.review(new FakeSession("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_NULL_SHA"), Profile.RFC9325);
        assertEquals(List.of("cipher-suite"), v.violations().stream().map(PolicyViolation::rule).toList());
        assertEquals("RFC 9325 §4.1", v.violations().get(0).specSection());
    }

    @Test
    void flagsACbcSuiteTheProfileDoesNotEnable() {
        PolicyVerdict v = SessionReview.review(new FakeSession("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
                Profile.RFC9325);
        assertEquals("RFC 9325 §4.2", v.violations().get(0).specSection());
    }

    @Test
    void flagsAnEcKeyUnder256Bits() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        g.initialize(new ECGenParameterSpec("secp224r1"));
        IssuedCertificate p224 = CA.issue("small.test").dnsName("small.test").keyPair(g.generateKeyPair()).build();
        List<PolicyViolation> v = CertificateFloors.check(new X509Certificate[] {p224.certificate(), p224.issuer()},
                Profile.RFC9325);
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).detail().contains("224-bit EC key"), v.toString());
        assertEquals("RFC 9325 §4.5", v.get(0).specSection());
    }

    /** A session that reports what it is told; no peer certificate. */
    private record FakeSession(String protocol, String suite) implements SSLSession {
        @Override public byte[] getId() { return new byte[0]; }
        @Override public SSLSessionContext getSessionContext() { return null; }
        @Override public long getCreationTime() { return 0; }
        @Override public long getLastAccessedTime() { return 0; }
        @Override public void invalidate() { }
        @Override public boolean isValid() { return true; }
        @Override public void putValue(String name, Object value) { }
        @Override public Object getValue(String name) { return null; }
        @Override public void removeValue(String name) { }
        @Override public String[] getValueNames() { return new String[0]; }
        @Override public Certificate[] getPeerCertificates() throws SSLPeerUnverifiedException {
            throw new SSLPeerUnverifiedException("none");
        }
        @Override public Certificate[] getLocalCertificates() { return null; }
        @SuppressWarnings("removal")
        @Override public javax.security.cert.X509Certificate[] getPeerCertificateChain() throws SSLPeerUnverifiedException {
            throw new SSLPeerUnverifiedException("none");
        }
        @Override public java.security.Principal getPeerPrincipal() throws SSLPeerUnverifiedException {
            throw new SSLPeerUnverifiedException("none");
        }
        @Override public java.security.Principal getLocalPrincipal() { return null; }
        @Override public String getCipherSuite() { return suite; }
        @Override public String getProtocol() { return protocol; }
        @Override public String getPeerHost() { return "peer.test"; }
        @Override public int getPeerPort() { return 5269; }
        @Override public int getPacketBufferSize() { return 16709; }
        @Override public int getApplicationBufferSize() { return 16384; }
    }
}
