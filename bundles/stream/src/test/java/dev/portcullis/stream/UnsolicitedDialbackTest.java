package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * XEP-0220 §2.1.1 and §3.1 (the 2012 "unsolicited dialback" attacks): a {@code db:result} answer counts only
 * for a request this stream sent, in the direction it was sent; anything else authorizes nothing.
 */
class UnsolicitedDialbackTest {
    private static final String RESPONSE = "<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
            + "xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback' "
            + "from='beta.test' to='alpha.test' id='beta-issued-id' version='1.0'>";

    /** alpha.test → beta.test in plaintext (beta refuses STARTTLS; alpha's policy permits plaintext for beta). */
    private static Raw outboundAwaitingItsDialbackAnswer() {
        Raw r = Raw.outbound();
        r.services.policy.plaintextPeers.add(TestPki.BETA);
        r.send(RESPONSE + "<stream:features><dialback xmlns='urn:xmpp:features:dialback'><errors/></dialback></stream:features>");
        r.send("<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        assertTrue(r.output.toString().contains("<db:result from='alpha.test' to='beta.test'>"), r.output::toString);
        assertEquals(SessionState.DIALBACK, r.host.session.state());
        return r;
    }

    @Test
    void aValidAnswerForAPairNeverRequestedAuthorizesNothingXep0220Section2_1_1() {
        Raw r = outboundAwaitingItsDialbackAnswer();
        // answers for pairs alpha never asked about: another target domain, another sender domain
        r.send("<db:result from='chat.beta.test' to='alpha.test' type='valid'/>");
        r.send("<db:result from='beta.test' to='rooms.alpha.test' type='valid'/>");
        assertFalse(r.host.closed, () -> "closed with " + r.host.closedWith);
        assertTrue(r.host.authenticated.isEmpty(), r.host.authenticated::toString);
        assertEquals(SessionState.DIALBACK, r.host.session.state(), "still waiting for the answer it asked for");
        assertFalse(r.host.session.sendStanza(NegotiationTest.message("a@rooms.alpha.test", "b@beta.test", "x")));
        assertFalse(r.host.session.sendStanza(NegotiationTest.message("a@alpha.test", "b@chat.beta.test", "x")));
        // the answer to the request it sent is accepted, and authorizes only that pair
        r.send("<db:result from='beta.test' to='alpha.test' type='valid'/>");
        assertEquals(List.of("alpha.test|beta.test|DIALBACK"), r.host.authenticated);
        assertTrue(r.host.session.isAuthenticated(TestPki.ALPHA, TestPki.BETA));
        assertFalse(r.host.session.isAuthenticated(TestPki.ROOMS_ALPHA, TestPki.BETA));
        assertFalse(r.host.session.isAuthenticated(TestPki.ALPHA, TestPki.CHAT_BETA));
    }

    @Test
    void anAnswerBeforeAnyRequestAndARepeatedAnswerAreIgnoredXep0220Section3_1() {
        Raw r = Raw.outbound();
        r.services.policy.plaintextPeers.add(TestPki.BETA);
        // before alpha has sent any db:result
        r.send(RESPONSE + "<db:result from='beta.test' to='alpha.test' type='valid'/>");
        assertTrue(r.host.authenticated.isEmpty());
        r.send("<stream:features><dialback xmlns='urn:xmpp:features:dialback'><errors/></dialback></stream:features>");
        r.send("<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        r.send("<db:result from='beta.test' to='alpha.test' type='invalid'/>");
        assertEquals(1, r.host.failedPairs.size(), r.host.failedPairs::toString);
        // the request was answered; a later 'valid' for the same pair is not an answer to anything
        r.send("<db:result from='beta.test' to='alpha.test' type='valid'/>");
        assertTrue(r.host.authenticated.isEmpty(), r.host.authenticated::toString);
        assertFalse(r.host.session.isAuthenticated(TestPki.ALPHA, TestPki.BETA));
    }

    @Test
    void aDbResultAnswerSentToTheReceivingSideIsRefusedXep0220Section3_1() {
        // "in an unexpected direction": an answer (with 'type') arriving on an inbound stream
        Raw r = Raw.inboundPlaintextPermitted();
        r.send(Raw.HEADER + "<db:result from='alpha.test' to='beta.test' type='valid'/>");
        r.assertStreamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE);
        assertTrue(r.host.authenticated.isEmpty());
        assertFalse(r.host.session.isAuthenticated(TestPki.ALPHA, TestPki.BETA));
    }
}
