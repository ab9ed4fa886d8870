package dev.portcullis.dna.core.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.TestCa;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RFC 6120 §13.7.1.2 and RFC 6125 §6.4 reference identifier rules, one test per rule, on real certificates. */
class NameMatcherTest {
    private static final TestCa CA = TestCa.create("Name rules CA");

    private static Optional<String> match(TestCa.Issue issue, String domain, String... extra) {
        return NameMatcher.match(PresentedIdentifiers.of(issue.build().certificate()), domain, List.of(extra));
    }

    @Test
    @DisplayName("RFC 6125 §6.4.1: a DNS-ID matches exactly, case-insensitively, with or without the root dot")
    void dnsIdMatchesExactlyIgnoringCaseRfc6125Section641() {
        assertEquals(Optional.of("DNS-ID Example.TEST for example.test (RFC 6125 §6.4.1)"),
                match(CA.issue("x").dnsName("Example.TEST"), "example.test"));
        assertTrue(match(CA.issue("x").dnsName("example.test."), "example.test").isPresent());
        assertTrue(match(CA.issue("x").dnsName("example.test"), "EXAMPLE.test.").isPresent());
        assertFalse(match(CA.issue("x").dnsName("example.test"), "other.test").isPresent());
        assertFalse(match(CA.issue("x").dnsName("sub.example.test"), "example.test").isPresent());
        assertFalse(match(CA.issue("x").dnsName("example.test"), "sub.example.test").isPresent());
    }

    @Test
    @DisplayName("RFC 6125 §6.4.3: a wildcard stands for exactly one left-most label")
    void wildcardMatchesExactlyOneLeftMostLabelRfc6125Section643() {
        assertEquals(Optional.of("DNS-ID *.example.test for chat.example.test (RFC 6125 §6.4.1, wildcard §6.4.3)"),
                match(CA.issue("x").dnsName("*.example.test"), "chat.example.test"));
        assertTrue(match(CA.issue("x").dnsName("*.Example.TEST."), "CHAT.example.test").isPresent());
        assertFalse(match(CA.issue("x").dnsName("*.example.test"), "a.b.example.test").isPresent(),
                "the wildcard never covers two labels");
        assertFalse(match(CA.issue("x").dnsName("*.example.test"), "example.test").isPresent(),
                "the wildcard never covers zero labels");
    }

    @Test
    @DisplayName("RFC 6120 §13.7.1.2.1: '*' only as the complete left-most label")
    void wildcardOnlyAsTheWholeLeftMostLabelRfc6120Section137121() {
        assertFalse(match(CA.issue("x").dnsName("ch*.example.test"), "chat.example.test").isPresent());
        assertFalse(match(CA.issue("x").dnsName("*at.example.test"), "chat.example.test").isPresent());
        assertFalse(match(CA.issue("x").dnsName("chat.*.test"), "chat.example.test").isPresent());
        assertFalse(match(CA.issue("x").dnsName("*.*.example.test"), "a.b.example.test").isPresent());
        assertFalse(match(CA.issue("x").dnsName("*"), "test").isPresent());
        assertFalse(match(CA.issue("x").dnsName("*."), "test").isPresent());
    }

    @Test
    @DisplayName("RFC 6125 §7.2: a wildcard over a top-level domain (*.test, *.com) matches nothing")
    void wildcardNeverCoversATopLevelDomainRfc6125Section72() {
        assertFalse(match(CA.issue("x").dnsName("*.test"), "a.test").isPresent());
        assertFalse(match(CA.issue("x").dnsName("*.test"), "example.test").isPresent());
        assertFalse(match(CA.issue("x").dnsName("*.com"), "example.com").isPresent());
        assertFalse(match(CA.issue("x").dnsName("*.test."), "a.test").isPresent());
    }

    @Test
    @DisplayName("RFC 6120 §13.7.1.2.1, RFC 6125 §6.5.1: the SRV-ID _xmpp-server.<domain>, no other service")
    void srvIdForXmppServerMatchesRfc6120Section137121AndRfc6125Section651() {
        assertEquals(Optional.of("SRV-ID _xmpp-server.example.test (RFC 6125 §6.5.1, RFC 6120 §13.7.1.2.1)"),
                match(CA.issue("x").srvName("_xmpp-server.example.test"), "example.test"));
        assertTrue(match(CA.issue("x").srvName("_XMPP-Server.Example.test."), "example.test").isPresent());
        assertFalse(match(CA.issue("x").srvName("_xmpp-client.example.test"), "example.test").isPresent());
        assertFalse(match(CA.issue("x").srvName("_xmpps-server.example.test"), "example.test").isPresent(),
                "XEP-0368 §3: direct TLS certificates are checked as for STARTTLS");
        assertFalse(match(CA.issue("x").srvName("_xmpp-server.other.test"), "example.test").isPresent());
        assertFalse(match(CA.issue("x").srvName("_xmpp-server.*.test"), "example.test").isPresent());
        assertFalse(match(CA.issue("x").srvName("_xmpp-server.*.example.test"), "a.example.test").isPresent(),
                "no wildcard in an SRV-ID");
    }

    @Test
    @DisplayName("RFC 6120 §13.7.1.4: an XmppAddr (otherName id-on-xmppAddr) is the bare domain, no wildcard")
    void xmppAddrMatchesAndAllowsNoWildcardRfc6120Section13714() {
        assertEquals(Optional.of("XmppAddr example.test (RFC 6120 §13.7.1.4)"),
                match(CA.issue("x").xmppAddr("example.test"), "example.test"));
        assertTrue(match(CA.issue("x").xmppAddr("Example.Test."), "example.test").isPresent());
        assertFalse(match(CA.issue("x").xmppAddr("*.example.test"), "chat.example.test").isPresent());
        assertFalse(match(CA.issue("x").xmppAddr("user@example.test"), "example.test").isPresent(),
                "a user's JID is not the server's identity");
        assertFalse(match(CA.issue("x").xmppAddr("example.test/resource"), "example.test").isPresent());
    }

    @Test
    @DisplayName("RFC 6125 §6.4.4: a CN-ID only when the certificate has no subjectAltName at all")
    void commonNameOnlyWhenNoSubjectAltNameRfc6125Section644() {
        assertEquals(Optional.of("CN-ID example.test for example.test (RFC 6125 §6.4.4)"),
                match(CA.issue("example.test"), "example.test"));
        assertFalse(match(CA.issue("example.test").dnsName("other.test"), "example.test").isPresent());
        assertFalse(match(CA.issue("example.test").xmppAddr("other.test"), "example.test").isPresent());
        assertFalse(match(CA.issue("*.test"), "a.test").isPresent(), "the CN-ID follows the DNS-ID wildcard rules");
    }

    @Test
    @DisplayName("RFC 6125 §6.4.2: U-labels and A-labels are compared as A-labels")
    void internationalizedNamesAreComparedAsALabelsRfc6125Section642() {
        assertTrue(match(CA.issue("x").dnsName("xn--bcher-kva.test"), "bücher.test").isPresent());
        assertTrue(match(CA.issue("x").dnsName("XN--BCHER-KVA.test"), "BÜCHER.test").isPresent());
        assertTrue(match(CA.issue("x").dnsName("*.xn--bcher-kva.test"), "chat.bücher.test").isPresent());
        assertTrue(match(CA.issue("x").dnsName("*.example.test"), "bücher.example.test").isPresent());
        assertTrue(match(CA.issue("x").xmppAddr("bücher.test"), "xn--bcher-kva.test").isPresent());
        assertTrue(match(CA.issue("x").srvName("_xmpp-server.xn--bcher-kva.test"), "BÜCHER.test").isPresent());
        assertFalse(match(CA.issue("x").dnsName("xn--bcher-kva.test"), "bucher.test").isPresent());
    }

    @Test
    @DisplayName("RFC 7673 §4.1: a DNSSEC-secure SRV target is a further DNS-ID reference identifier")
    void secureSrvTargetIsAnExtraReferenceIdentifierRfc7673Section41() {
        assertTrue(match(CA.issue("x").dnsName("xmpp.hosting.test"), "tenant.test", "xmpp.hosting.test").isPresent());
        assertFalse(match(CA.issue("x").dnsName("xmpp.hosting.test"), "tenant.test").isPresent());
        assertFalse(match(CA.issue("x").srvName("_xmpp-server.xmpp.hosting.test"), "tenant.test",
                "xmpp.hosting.test").isPresent(), "the SRV target is a DNS-ID reference only");
    }

    @Test
    void invalidNamesNeverMatch() {
        assertFalse(match(CA.issue("x").dnsName("exa mple.test"), "exa mple.test").isPresent());
        assertFalse(match(CA.issue("x").dnsName("example..test"), "example..test").isPresent());
        assertFalse(match(CA.issue("x").dnsName("example.test"), "").isPresent());
        assertFalse(match(CA.issue("x").dnsName("example.test"), null).isPresent());
        assertFalse(NameMatcher.dnsIdMatches("*.example.test", null));
    }
}
