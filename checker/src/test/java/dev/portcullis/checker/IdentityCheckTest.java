package dev.portcullis.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The checker's identity verdict is the host's (RFC 6120 §13.7.1.2, RFC 6125 §6.4, dna-core's NameMatcher), on
 * real certificates from {@link TestCa}. The rules themselves are tested in dna-core; these cases are where the
 * checker's own matcher used to grade differently from the host.
 */
class IdentityCheckTest {
    private static final TestCa CA = TestCa.create("identity test CA");
    private static final Endpoint INSECURE = new Endpoint("xmpp.hosting.test", 5269, false, "_xmpp-server SRV",
            DnssecStatus.INSECURE);
    private static final Endpoint SECURE = new Endpoint("xmpp.hosting.test", 5269, false, "_xmpp-server SRV",
            DnssecStatus.SECURE);

    private static IdentityFacts check(TestCa.Issue issue, String domain) {
        return IdentityCheck.check(issue.build().certificate(), domain, INSECURE);
    }

    @Test
    void readsDnsIdSrvIdAndXmppAddrFromARealCertificateWithBouncyCastleAsn1() {
        IssuedCertificate c = CA.issue("example.test").dnsName("example.test").srvName("_xmpp-server.example.test")
                .xmppAddr("example.test").build();
        assertEquals(List.of("DNS:example.test", "SRV:_xmpp-server.example.test", "XmppAddr:example.test"),
                Certificates.subjectAltNames(c.certificate()));
        IdentityFacts f = IdentityCheck.check(c.certificate(), "example.test", INSECURE);
        assertEquals(List.of("example.test"), f.dnsIds());
        assertEquals(List.of("_xmpp-server.example.test"), f.srvIds());
        assertEquals(List.of("example.test"), f.xmppAddrs());
    }

    @Test
    @DisplayName("RFC 6125 §6.4.1: a DNS-ID matches case-insensitively, described as the host describes it")
    void dnsIdMatchesCaseInsensitivelyUnderRfc6125Section641() {
        IdentityFacts f = check(CA.issue("x").dnsName("Example.TEST"), "example.test");
        assertTrue(f.matched());
        assertEquals("DNS-ID Example.TEST for example.test (RFC 6125 §6.4.1)", f.matchedBy());
    }

    @Test
    @DisplayName("RFC 6125 §6.4.2: a U-label domain matches the certificate's A-label (the checker compared U-labels)")
    void uLabelDomainMatchesTheALabelUnderRfc6125Section642() {
        assertTrue(check(CA.issue("x").dnsName("xn--bcher-kva.test"), "bücher.test").matched());
    }

    @Test
    @DisplayName("RFC 6125 §7.2: *.test matches nothing")
    void wildcardOverATopLevelDomainMatchesNothingUnderRfc6125Section72() {
        IdentityFacts f = check(CA.issue("x").dnsName("*.test"), "example.test");
        assertFalse(f.matched());
        assertNull(f.matchedBy());
    }

    @Test
    @DisplayName("RFC 6120 §13.7.1.2.1: the SRV-ID _xmpp-server.<domain>; _xmpp-client and _xmpps-server are no server identity")
    void srvIdMatchesTheXmppServerServiceOnlyUnderRfc6120Section137121() {
        IdentityFacts f = check(CA.issue("x").srvName("_xmpp-server.example.test"), "example.test");
        assertEquals("SRV-ID _xmpp-server.example.test (RFC 6125 §6.5.1, RFC 6120 §13.7.1.2.1)", f.matchedBy());
        assertFalse(check(CA.issue("x").srvName("_xmpp-client.example.test"), "example.test").matched());
        // XEP-0368 §3: direct TLS certificates are validated as for STARTTLS, and the host does not accept it
        assertFalse(check(CA.issue("x").srvName("_xmpps-server.example.test"), "example.test").matched());
    }

    @Test
    @DisplayName("RFC 6120 §13.7.1.4: an XmppAddr matches")
    void xmppAddrMatchesUnderRfc6120Section13714() {
        assertEquals("XmppAddr example.test (RFC 6120 §13.7.1.4)",
                check(CA.issue("x").xmppAddr("example.test"), "example.test").matchedBy());
    }

    @Test
    @DisplayName("RFC 6125 §6.4.4: a CN counts only without any subjectAltName, as the host counts it")
    void commonNameOnlyWithoutSubjectAltNameUnderRfc6125Section644() {
        IdentityFacts other = check(CA.issue("example.test").dnsName("other.test"), "example.test");
        assertFalse(other.matched());
        assertEquals(List.of("other.test"), other.dnsIds());
        assertEquals("CN-ID example.test for example.test (RFC 6125 §6.4.4)",
                check(CA.issue("example.test"), "example.test").matchedBy());
    }

    @Test
    @DisplayName("RFC 7673 §4.1: the DNSSEC-secure SRV target is a further reference identifier, as for the host")
    void secureSrvTargetIsAReferenceIdentifierUnderRfc7673Section41() {
        IssuedCertificate c = CA.issue("x").dnsName("xmpp.hosting.test").build();
        assertTrue(IdentityCheck.check(c.certificate(), "tenant.test", SECURE).matched());
        assertFalse(IdentityCheck.check(c.certificate(), "tenant.test", INSECURE).matched());
    }

    @Test
    void certificateFactsDescribeKeyAndSignature() {
        IssuedCertificate c = CA.issue("example.test").dnsName("example.test").key(TestCa.KeyAlgorithm.RSA_2048).build();
        CertificateFacts f = Certificates.facts(c.certificate());
        assertEquals("RSA 2048", f.keyDetail());
        assertEquals("SHA256withECDSA", f.signatureAlgorithm());
        assertFalse(f.selfSigned());
        assertTrue(Certificates.facts(CA.certificate()).selfSigned());
        assertTrue(f.sha256().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), "the host's fingerprint form: " + f.sha256());
    }
}
