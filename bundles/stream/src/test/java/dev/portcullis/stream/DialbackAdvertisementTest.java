package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.stream.AuthMethod;
import org.junit.jupiter.api.Test;

/**
 * How the initiating server learns that dialback is available (XEP-0220 §2.4): the {@code xmlns:db}
 * declaration on the response header (traditional, what Prosody 0.12 sends) or the
 * {@code urn:xmpp:features:dialback} feature. Played over plaintext with a peer the policy permits, after
 * the peer refuses STARTTLS, so every byte is visible.
 */
class DialbackAdvertisementTest {
    private static final String RESPONSE = "<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
            + "xmlns:stream='http://etherx.jabber.org/streams'%s from='beta.test' to='alpha.test' id='sid-1' version='1.0'>";

    private static Raw plaintextOutbound(String dbDeclaration, String features) {
        Raw r = Raw.outbound();
        r.services.policy.plaintextPeers.add(TestPki.BETA);
        r.send(String.format(RESPONSE, dbDeclaration) + "<stream:features>" + features + "</stream:features>");
        assertTrue(r.output.toString().contains("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"),
                "STARTTLS is attempted even when not advertised (RFC 7590 §3.1): " + r.output);
        r.send("<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        return r;
    }

    @Test
    void usesDialbackAnnouncedOnlyByTheDbNamespaceDeclaration_xep0220_2_4_1() {
        Raw r = plaintextOutbound(" xmlns:db='jabber:server:dialback'", "");
        String key = r.services.fakeDialback.key(TestPki.BETA, TestPki.ALPHA, "sid-1");
        assertTrue(r.output.toString().contains("<db:result from='alpha.test' to='beta.test'>" + key + "</db:result>"),
                r.output::toString);
        assertEquals(SessionState.DIALBACK, r.host.session.state());
        r.send("<db:result xmlns:db='jabber:server:dialback' from='beta.test' to='alpha.test' type='valid'/>");
        assertEquals(SessionState.ESTABLISHED, r.host.session.state());
        assertEquals("alpha.test|beta.test|DIALBACK", r.host.authenticated.get(0));
        assertTrue(r.host.noted(SecurityNote.Kind.PLAINTEXT));
        assertFalse(r.host.session.security().encrypted());
        assertEquals(AuthMethod.DIALBACK, r.host.session.security().authMethod());
        assertTrue(r.host.session.sendStanza(NegotiationTest.message("a@alpha.test", "b@beta.test", "plain")));
    }

    @Test
    void usesDialbackAnnouncedByTheStreamFeature_xep0220_2_4_2() {
        Raw r = plaintextOutbound("", "<dialback xmlns='urn:xmpp:features:dialback'><errors/></dialback>");
        assertTrue(r.output.toString().contains("<db:result from='alpha.test' to='beta.test'>"), r.output::toString);
    }

    @Test
    void givesUpWhenNeitherSaslNorDialbackIsOffered_xep0220_2_4() {
        Raw r = plaintextOutbound("", "");
        r.assertStreamError(StreamErrorCondition.POLICY_VIOLATION);
        assertTrue(r.host.closedWith.text().contains("offers neither SASL EXTERNAL"), r.host.closedWith.text());
        assertFalse(r.output.toString().contains("<db:result"));
    }

    @Test
    void reportsADialbackErrorAnswerWithItsCondition_xep0220_2_5() {
        Raw r = plaintextOutbound(" xmlns:db='jabber:server:dialback'", "");
        r.send("<db:result xmlns:db='jabber:server:dialback' from='beta.test' to='alpha.test' type='error'>"
                + "<error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></db:result>");
        assertEquals(1, r.host.failedPairs.size());
        assertTrue(r.host.failedPairs.get(0).contains("<item-not-found/>"), r.host.failedPairs.toString());
        assertTrue(r.host.noted(SecurityNote.Kind.DIALBACK_FAILED));
        assertEquals(SessionState.CLOSING, r.host.session.state(), "nothing is left to do on this stream");
    }
}
