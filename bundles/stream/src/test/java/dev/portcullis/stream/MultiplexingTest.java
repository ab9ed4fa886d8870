package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.dialback.DialbackError;
import dev.portcullis.api.dna.Endpoint;
import dev.portcullis.api.stream.AuthMethod;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Multiplexing domain pairs on one stream (XEP-0220 §2.6, RFC 7712 §4.4): another sender domain needs nothing
 * more (§2.6.1); another target domain only on the same connection, with the peer's dialback error handling
 * (§2.4.2, §2.6.2) and a certificate that covers it too (RFC 7712 §4.4.2). On the receiving side the dialback
 * policy sees a piggybacked domain beside a proven certificate (RFC 7712 §4.4.1).
 */
class MultiplexingTest {
    static final String OTHER_ALPHA = "other.alpha.test"; // served by alpha, not named in its certificate
    static final Endpoint BETA_AT = Link.endpoint("xmpp.beta.test", 5269, "127.0.0.2");

    private static Link established(Endpoint endpoint) {
        TestServices alpha = new TestServices("alpha-secret", TestPki.INSTANCE.alpha, TestPki.ALPHA, TestPki.ROOMS_ALPHA,
                OTHER_ALPHA);
        TestServices beta = TestServices.beta();
        Link link = new Link(alpha, TestPki.ALPHA, beta, TestPki.BETA, endpoint, false, SessionConfig.defaults());
        link.beta.fakeDialback.authoritative = FakeDialback.askDirectly(link.alpha.fakeDialback);
        link.start();
        NegotiationTest.assertEstablished(link, AuthMethod.SASL_EXTERNAL);
        return link;
    }

    @Test
    void modeFallbackRefusesDialbackForAPiggybackedSenderBesideAProvenCertificate_rfc7712_4_4_1() {
        Link link = established(null);
        link.beta.fakeDialback.fallbackMode = true;
        assertTrue(link.out.session.authenticate(OTHER_ALPHA, TestPki.BETA, null));
        link.pump();
        var asked = link.beta.fakeDialback.permitsAsked.get(link.beta.fakeDialback.permitsAsked.size() - 1);
        assertEquals(OTHER_ALPHA, asked.originatingDomain());
        assertEquals(TestPki.ALPHA, asked.certificate().peerDomain(), "the stream's proof is the evidence");
        assertTrue(asked.certificate().verified());
        assertEquals(1, link.out.failedPairs.size(), link.out.authenticated::toString);
        assertTrue(link.out.failedPairs.get(0).contains("<not-authorized/>"), link.out.failedPairs::toString);
        assertFalse(link.in.session.isAuthenticated(OTHER_ALPHA, TestPki.BETA));
        assertEquals(SessionState.ESTABLISHED, link.in.session.state(), "the stream keeps its proven pair");
        NegotiationTest.assertStanzaFlows(link);
    }

    @Test
    void modeAllowedAuthenticatesAPiggybackedSenderBesideAProvenCertificateByDialback_rfc7712_4_4_1() {
        Link link = established(null);
        assertTrue(link.out.session.authenticate(OTHER_ALPHA, TestPki.BETA, null));
        link.pump();
        assertTrue(link.out.authenticated.contains(OTHER_ALPHA + "|beta.test|DIALBACK"), link.out.authenticated::toString);
        assertTrue(link.in.session.isAuthenticated(OTHER_ALPHA, TestPki.BETA));
    }

    @Test
    void multiplexesATargetOnTheSameConnectionWhoseCertificateCoversIt_xep0220_2_6_2_rfc7712_4_4_2() {
        Link link = established(BETA_AT);
        Endpoint chat = Link.endpoint("other-name.beta.test", 5269, "127.0.0.2"); // same address and port
        assertTrue(link.out.session.authenticate(TestPki.ALPHA, TestPki.CHAT_BETA, chat));
        link.pump();
        assertTrue(link.out.authenticated.contains("alpha.test|chat.beta.test|DIALBACK"), link.out.authenticated::toString);
        assertTrue(link.alpha.fakeVerifier.requests.stream().anyMatch(r -> r.peerDomain().equals(TestPki.CHAT_BETA)
                && r.endpoint() == chat), "the certificate was judged for the new target at its own endpoint");
    }

    @Test
    void refusesATargetThatResolvesElsewhere_xep0220_2_6_2_rfc7712_4_4_2() {
        Link link = established(BETA_AT);
        assertFalse(link.out.session.authenticate(TestPki.ALPHA, TestPki.CHAT_BETA,
                Link.endpoint("chat.beta.test", 5269, "127.0.0.3")));
        assertFalse(link.out.session.authenticate(TestPki.ALPHA, TestPki.CHAT_BETA,
                Link.endpoint("xmpp.beta.test", 5270, "127.0.0.2")), "same host, another port");
        assertFalse(link.out.session.authenticate(TestPki.ALPHA, TestPki.CHAT_BETA, null), "nowhere known");
        link.pump();
        assertTrue(link.beta.fakeDialback.permitsAsked.stream().noneMatch(c -> c.receivingDomain().equals(TestPki.CHAT_BETA)),
                "no db:result was sent for it");
    }

    @Test
    void refusesATargetWithoutThePeersDialbackErrorHandling_xep0220_2_4_2_xep0220_2_6_2() {
        TestServices alpha = TestServices.alpha();
        TestServices beta = TestServices.beta();
        beta.dialback = null; // beta offers only SASL EXTERNAL, never the <dialback><errors/></dialback> feature
        Link link = new Link(alpha, TestPki.ALPHA, beta, TestPki.BETA, BETA_AT, false, SessionConfig.defaults()).start();
        NegotiationTest.assertEstablished(link, AuthMethod.SASL_EXTERNAL);
        beta.dialback = beta.fakeDialback;
        beta.fakeDialback.authoritative = FakeDialback.askDirectly(alpha.fakeDialback);
        assertFalse(link.out.session.authenticate(TestPki.ALPHA, TestPki.CHAT_BETA, BETA_AT));
        assertTrue(link.out.session.authenticate(TestPki.ROOMS_ALPHA, TestPki.BETA, null),
                "another sender needs no further negotiation (XEP-0220 §2.6.1)");
        link.pump();
        assertEquals(List.of("alpha.test|beta.test|SASL_EXTERNAL", "rooms.alpha.test|beta.test|DIALBACK"),
                link.out.authenticated);
    }

    @Test
    void refusesATargetTheStreamsCertificateDoesNotCover_rfc7712_4_4_2() {
        TestServices beta = new TestServices("beta-secret", TestPki.INSTANCE.beta, TestPki.BETA, TestPki.CHAT_BETA,
                "other.beta.test");
        Link link = new Link(TestServices.alpha(), TestPki.ALPHA, beta, TestPki.BETA, BETA_AT, false,
                SessionConfig.defaults());
        link.beta.fakeDialback.authoritative = FakeDialback.askDirectly(link.alpha.fakeDialback);
        link.start();
        assertTrue(link.out.session.authenticate(TestPki.ALPHA, "other.beta.test", BETA_AT));
        link.pump();
        assertEquals(1, link.out.failedPairs.size(), link.out.authenticated::toString);
        assertTrue(link.out.failedPairs.get(0).contains("RFC 7712 §4.4.2"), link.out.failedPairs::toString);
        assertEquals(List.of(DialbackError.REMOTE_SERVER_NOT_FOUND), link.out.failureConditions);
        assertTrue(link.beta.fakeDialback.permitsAsked.stream().noneMatch(c -> c.receivingDomain().equals("other.beta.test")),
                "no db:result was sent for it");
        assertEquals(SessionState.ESTABLISHED, link.out.session.state());
    }
}
