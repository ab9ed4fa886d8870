package dev.portcullis.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6120 §13.7.1.2 / RFC 6125 §6 identity checks, on real certificates from {@link TestCa}. */
class IdentityCheckTest {
    private static final TestCa CA = TestCa.create("identity test CA");

    @Test
    void readsDnsIdSrvIdAndXmppAddrFromARealCertificateWithBouncyCastleAsn1() {
        IssuedCertificate c = CA.issue("example.test").dnsName("example.test").srvName("_xmpp-server.example.test")
                .xmppAddr("example.test").build();
        assertEquals(List.of("DNS:example.test", "SRV:_xmpp-server.example.test", "XmppAddr:example.test"),
                Certificates.subjectAltNames(c.certificate()));
    }

    @Test
    void dnsIdMatchesCaseInsensitivelyUnderRfc6125Section641() {
        IdentityFacts f = IdentityCheck.check(List.of("DNS:Example.TEST"), "example.test");
        assertTrue(f.matched());
        assertEquals("DNS-ID Example.TEST", f.matchedBy());
    }

    @Test
    void wildcardMatchesExactlyOneLeftmostLabelUnderRfc6125Section643() {
        assertTrue(IdentityCheck.dnsIdMatches("*.example.test", "chat.example.test"));
        assertFalse(IdentityCheck.dnsIdMatches("*.example.test", "example.test"));
        assertFalse(IdentityCheck.dnsIdMatches("*.example.test", "a.b.example.test"));
        assertFalse(IdentityCheck.dnsIdMatches("*.test", "example.test"), "a wildcard over a single label");
        assertFalse(IdentityCheck.dnsIdMatches("f*.example.test", "foo.example.test"), "partial wildcards not honoured");
    }

    @Test
    void srvIdMatchesTheXmppServerServiceUnderRfc6120Section137121() {
        IssuedCertificate c = CA.issue("example.test").srvName("_xmpp-server.example.test").build();
        IdentityFacts f = IdentityCheck.check(Certificates.subjectAltNames(c.certificate()), "example.test");
        assertTrue(f.matched());
        assertEquals("SRV-ID _xmpp-server.example.test", f.matchedBy());
    }

    @Test
    void clientServiceSrvIdDoesNotMatchAServer() {
        assertFalse(IdentityCheck.check(List.of("SRV:_xmpp-client.example.test"), "example.test").matched());
    }

    @Test
    void xmppAddrMatchesUnderRfc6120Section13714() {
        IssuedCertificate c = CA.issue("example.test").xmppAddr("example.test").build();
        IdentityFacts f = IdentityCheck.check(Certificates.subjectAltNames(c.certificate()), "example.test");
        assertTrue(f.matched());
        assertEquals("XmppAddr example.test", f.matchedBy());
    }

    @Test
    void commonNameAloneIsNotAnIdentityUnderRfc6125Section644() {
        IssuedCertificate c = CA.issue("example.test").dnsName("other.test").build();
        IdentityFacts f = IdentityCheck.check(Certificates.subjectAltNames(c.certificate()), "example.test");
        assertFalse(f.matched());
        assertEquals(List.of("other.test"), f.dnsIds());
    }

    @Test
    void certificateFactsDescribeKeyAndSignature() {
        IssuedCertificate c = CA.issue("example.test").dnsName("example.test").key(TestCa.KeyAlgorithm.RSA_2048).build();
        CertificateFacts f = Certificates.facts(c.certificate());
        assertEquals("RSA 2048", f.keyDetail());
        assertEquals("SHA256withECDSA", f.signatureAlgorithm());
        assertFalse(f.selfSigned());
        assertTrue(Certificates.facts(CA.certificate()).selfSigned());
    }
}
