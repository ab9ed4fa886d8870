package dev.portcullis.dialback;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.TestCa;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/** The name check of the XEP-0344 §2.6 shortcut, on real certificates (RFC 6120 §13.7.1.2 identities). */
class CertificateNamesTest {

    private static final TestCa CA = TestCa.create("names CA");

    @Test
    void dnsIdMatchesIgnoringCaseAndTrailingDot() {
        X509Certificate c = CA.issue("x").dnsName("Capulet.Example").build().certificate();
        assertTrue(CertificateNames.names(c, "capulet.example."));
        assertFalse(CertificateNames.names(c, "rooms.capulet.example"));
    }

    /** RFC 6125 §6.4.3: the wildcard covers one left-most label only. */
    @Test
    void wildcardCoversExactlyOneLabel() {
        X509Certificate c = CA.issue("x").dnsName("*.capulet.example").build().certificate();
        assertTrue(CertificateNames.names(c, "rooms.capulet.example"));
        assertFalse(CertificateNames.names(c, "capulet.example"));
        assertFalse(CertificateNames.names(c, "a.rooms.capulet.example"));
    }

    @Test
    void xmppAddrAndSrvIdMatch() {
        assertTrue(CertificateNames.names(CA.issue("x").xmppAddr("capulet.example").build().certificate(), "capulet.example"));
        assertTrue(CertificateNames.names(CA.issue("x").srvName("_xmpp-server.capulet.example").build().certificate(),
                "capulet.example"));
        assertFalse(CertificateNames.names(CA.issue("x").srvName("_xmpp-client.capulet.example").build().certificate(),
                "capulet.example"));
    }

    @Test
    void commonNameAloneNamesNothing() {
        assertFalse(CertificateNames.names(CA.issue("capulet.example").build().certificate(), "capulet.example"));
    }

    @Test
    void truncatedOtherNameIsNoMatchNotAnException() {
        assertNull(CertificateNames.otherName(new byte[] {0x30, 0x7f, 0x06}));
        assertNull(CertificateNames.otherName(new byte[] {(byte) 0xa0, (byte) 0x84, 1, 1, 1, 1}));
        assertNull(CertificateNames.otherName(new byte[0]));
    }
}
