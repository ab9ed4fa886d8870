package dev.portcullis.dna.pkix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.TestCa;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 6120 §13.7.1.2 and RFC 6125 §6 reference identifier rules, one test per rule. */
class NameMatcherTest {
    private static final TestCa CA = TestCa.create("Name rules CA");

    private static Optional<String> match(TestCa.Issue issue, String domain, String... extra) {
        return NameMatcher.match(PresentedIdentifiers.of(issue.build().certificate()), domain, List.of(extra));
    }

    @Test
    void dnsIdMatchesExactlyIgnoringCaseRfc6125Section641() {
        assertTrue(match(CA.issue("x").dnsName("Example.TEST"), "example.test").isPresent());
        assertTrue(match(CA.issue("x").dnsName("example.test."), "example.test").isPresent());
        assertFalse(match(CA.issue("x").dnsName("example.test"), "other.test").isPresent());
        assertFalse(match(CA.issue("x").dnsName("sub.example.test"), "example.test").isPresent());
    }

    @Test
    void wildcardMatchesExactlyOneLeftMostLabelRfc6125Section643() {
        assertTrue(match(CA.issue("x").dnsName("*.example.test"), "chat.example.test").isPresent());
        assertFalse(match(CA.issue("x").dnsName("*.example.test"), "a.b.example.test").isPresent());
        assertFalse(match(CA.issue("x").dnsName("*.example.test"), "example.test").isPresent());
    }

    @Test
    void wildcardOnlyAsTheWholeLeftMostLabelRfc6120Section13712() {
        assertFalse(match(CA.issue("x").dnsName("ch*.example.test"), "chat.example.test").isPresent());
        assertFalse(match(CA.issue("x").dnsName("chat.*.test"), "chat.example.test").isPresent());
        assertFalse(match(CA.issue("x").dnsName("*"), "test").isPresent());
    }

    @Test
    void wildcardNeverCoversATopLevelDomainRfc6125Section72() {
        assertFalse(match(CA.issue("x").dnsName("*.test"), "example.test").isPresent());
    }

    @Test
    void srvIdForXmppServerMatchesRfc6120Section13712AndRfc6125Section651() {
        Optional<String> m = match(CA.issue("x").srvName("_xmpp-server.example.test"), "example.test");
        assertTrue(m.isPresent());
        assertTrue(m.get().startsWith("SRV-ID"));
        assertFalse(match(CA.issue("x").srvName("_xmpp-client.example.test"), "example.test").isPresent());
        assertFalse(match(CA.issue("x").srvName("_xmpp-server.other.test"), "example.test").isPresent());
    }

    @Test
    void xmppAddrMatchesAndAllowsNoWildcardRfc6120Section13714() {
        assertTrue(match(CA.issue("x").xmppAddr("example.test"), "example.test").get().startsWith("XmppAddr"));
        assertFalse(match(CA.issue("x").xmppAddr("*.example.test"), "chat.example.test").isPresent());
        assertFalse(match(CA.issue("x").xmppAddr("user@example.test"), "example.test").isPresent(),
                "a user's JID is not the server's identity");
    }

    @Test
    void commonNameOnlyWhenNoSubjectAltNameRfc6125Section644() {
        assertTrue(match(CA.issue("example.test"), "example.test").get().startsWith("CN-ID"));
        assertFalse(match(CA.issue("example.test").dnsName("other.test"), "example.test").isPresent());
        assertFalse(match(CA.issue("example.test").xmppAddr("other.test"), "example.test").isPresent());
    }

    @Test
    void internationalizedNamesAreComparedAsALabelsRfc6125Section642() {
        assertTrue(match(CA.issue("x").dnsName("xn--bcher-kva.example.test"), "bücher.example.test").isPresent());
        assertTrue(match(CA.issue("x").xmppAddr("bücher.example.test"), "xn--bcher-kva.example.test").isPresent());
        assertTrue(match(CA.issue("x").srvName("_xmpp-server.xn--bcher-kva.example.test"), "BÜCHER.example.test")
                .isPresent());
    }

    @Test
    void secureSrvTargetIsAnExtraReferenceIdentifierRfc7673Section41() {
        assertTrue(match(CA.issue("x").dnsName("xmpp.hosting.test"), "tenant.test", "xmpp.hosting.test").isPresent());
        assertFalse(match(CA.issue("x").dnsName("xmpp.hosting.test"), "tenant.test").isPresent());
    }

    @Test
    void invalidNamesNeverMatch() {
        assertFalse(match(CA.issue("x").dnsName("exa mple.test"), "exa mple.test").isPresent());
        assertEquals(null, NameMatcher.aLabel(""));
    }
}
