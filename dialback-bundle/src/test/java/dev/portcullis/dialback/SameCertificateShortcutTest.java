package dev.portcullis.dialback;

import static dev.portcullis.dialback.Fixtures.MONTAGUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.dialback.DialbackOutcome;
import dev.portcullis.api.dialback.DialbackResultType;
import dev.portcullis.api.dialback.VerifyAnswer;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The name check of the XEP-0344 §2.6 same-certificate shortcut: "the Receiving Server MUST still check that the
 * hostname in the certificate matches", by the RFC 6125 §6.4 rules the dna-verifier applies (one matcher, in
 * dna-core). The authoritative server presents the very certificate the originating server presented, so only
 * the names decide whether the db:verify round trip is skipped.
 */
class SameCertificateShortcutTest {
    private static final TestCa UNTRUSTED = TestCa.create("untrusted CA");
    private static final AtomicInteger STREAMS = new AtomicInteger();

    private final ServiceHarness montague = new ServiceHarness(Fixtures.MONTAGUE_SECRET);

    @AfterEach
    void stop() {
        montague.close();
    }

    @Test
    @DisplayName("XEP-0344 §2.6, RFC 6125 §7.2: a certificate whose only name is *.test is no shortcut for a.test")
    void wildcardOverATopLevelDomainIsNoShortcutXep0344Section26() {
        assertNoShortcut(i -> i.dnsName("*.test"), "a.test");
    }

    @Test
    @DisplayName("XEP-0344 §2.6, RFC 6125 §6.4.3: *.example.test covers one label, not two and not none")
    void wildcardCoversExactlyOneLabelXep0344Section26Rfc6125Section643() {
        assertNoShortcut(i -> i.dnsName("*.example.test"), "a.b.example.test");
        assertNoShortcut(i -> i.dnsName("*.example.test"), "example.test");
        assertShortcut(i -> i.dnsName("*.example.test"), "a.example.test");
    }

    @Test
    @DisplayName("XEP-0344 §2.6, RFC 6125 §6.4.1: a DNS-ID naming the sender domain is a shortcut")
    void dnsIdNamingTheSenderDomainIsAShortcutXep0344Section26() {
        assertShortcut(i -> i.dnsName("A.Test."), "a.test");
    }

    @Test
    @DisplayName("XEP-0344 §2.6, RFC 6125 §6.4.2: a U-label sender domain matches the certificate's A-label")
    void uLabelSenderMatchesTheALabelInTheCertificateXep0344Section26Rfc6125Section642() {
        assertShortcut(i -> i.dnsName("xn--bcher-kva.test"), "bücher.test");
    }

    @Test
    @DisplayName("XEP-0344 §2.6, RFC 6120 §13.7.1.4: an XmppAddr or an _xmpp-server SRV-ID is a shortcut")
    void xmppAddrAndSrvIdAreShortcutsXep0344Section26Rfc6120Section13712() {
        assertShortcut(i -> i.xmppAddr("a.test"), "a.test");
        assertShortcut(i -> i.srvName("_xmpp-server.a.test"), "a.test");
        assertNoShortcut(i -> i.srvName("_xmpp-client.a.test"), "a.test");
    }

    /** The same last resort the dna-verifier allows: a CN counts only when there is no subjectAltName at all. */
    @Test
    @DisplayName("XEP-0344 §2.6, RFC 6125 §6.4.4: a CN names the sender only in a certificate without subjectAltName")
    void commonNameOnlyWithoutSubjectAltNameXep0344Section26Rfc6125Section644() {
        assertShortcut("a.test", i -> i, "a.test");
        assertNoShortcut("a.test", i -> i.dnsName("other.test"), "a.test");
    }

    private void assertShortcut(UnaryOperator<TestCa.Issue> names, String sender) {
        assertShortcut("x", names, sender);
    }

    private void assertNoShortcut(UnaryOperator<TestCa.Issue> names, String sender) {
        assertNoShortcut("x", names, sender);
    }

    private void assertShortcut(String commonName, UnaryOperator<TestCa.Issue> names, String sender) {
        IssuedCertificate cert = names.apply(UNTRUSTED.issue(commonName)).build();
        var authoritative = Fixtures.FakeOutboundStreams.answering(new VerifyAnswer(DialbackResultType.INVALID,
                null, "a db:verify must not be sent")).presentingCertificate(cert.certificate());
        DialbackOutcome outcome = receive(authoritative, cert, sender);
        assertEquals(DialbackResultType.VALID, outcome.type(), outcome.reason());
        assertTrue(outcome.shortcut(), outcome.reason());
        assertEquals(0, authoritative.sent(), "no db:verify round trip");
    }

    private void assertNoShortcut(String commonName, UnaryOperator<TestCa.Issue> names, String sender) {
        IssuedCertificate cert = names.apply(UNTRUSTED.issue(commonName)).build();
        var authoritative = Fixtures.FakeOutboundStreams.answering(new VerifyAnswer(DialbackResultType.INVALID,
                null, "the key is wrong")).presentingCertificate(cert.certificate());
        DialbackOutcome outcome = receive(authoritative, cert, sender);
        assertEquals(DialbackResultType.INVALID, outcome.type(), outcome.reason());
        assertFalse(outcome.shortcut());
        assertEquals(0, authoritative.certificateRequests, "the certificate does not name " + sender
                + ", so the authoritative server's certificate is not even asked for");
        assertEquals(1, authoritative.sent(), "the db:verify round trip decides instead");
    }

    private DialbackOutcome receive(Fixtures.FakeOutboundStreams authoritative, IssuedCertificate cert, String sender) {
        montague.with(authoritative);
        montague.clock.advance(Duration.between(montague.clock.instant(), Instant.now()));
        String stream = "s" + STREAMS.incrementAndGet();
        // a fresh wrong key each time: a repeated key is refused as copied before any shortcut (XEP-0185 §2)
        return montague.receive(Fixtures.inbound(stream, sender, MONTAGUE, true, false, Fixtures.unverified(sender),
                cert.chain()), "not the key of " + stream);
    }
}
