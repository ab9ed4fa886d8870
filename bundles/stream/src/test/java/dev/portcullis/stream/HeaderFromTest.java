package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * RFC 6120 §4.7.1: an initiating server MUST include 'from' in its stream header once TLS protects the stream;
 * before TLS it may leave it out (what {@code openssl s_client -starttls xmpp-server} sends).
 */
class HeaderFromTest {
    private static final String NO_FROM = Raw.HEADER.replace("from='alpha.test' ", "");
    private static final String STARTTLS_REQUIRED = "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>";

    @Test
    void offersStartTlsToAPreTlsHeaderWithoutFrom_rfc6120_4_7_1() {
        Raw r = Raw.inbound();
        r.send(NO_FROM);
        assertFalse(r.host.closed, r.output::toString);
        assertTrue(r.output.toString().contains(STARTTLS_REQUIRED), r.output::toString);
        r.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        assertTrue(r.output.toString().endsWith("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"), r.output::toString);
        assertEquals(SessionState.TLS_HANDSHAKE, r.host.session.state());
    }

    @Test
    void aPreTlsHeaderWithoutFromNamesNoPeerThatPlaintextCouldBePermittedFor_rfc6120_4_7_1_rfc7590_3_1() {
        Raw r = Raw.inboundPlaintextPermitted();
        r.send(NO_FROM);
        assertTrue(r.output.toString().contains(STARTTLS_REQUIRED), r.output::toString);
        assertFalse(r.output.toString().contains("urn:xmpp:features:dialback"), "no plaintext dialback: " + r.output);
        r.send("<db:result from='alpha.test' to='beta.test'>abc</db:result>");
        assertTrue(r.output.toString().contains("<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"),
                r.output::toString);
        assertTrue(r.host.authenticated.isEmpty());
    }

    @Test
    void refusesAHeaderWithoutFromOnceTlsIsUp_rfc6120_4_7_1() throws Exception {
        TlsPeer p = TlsPeer.afterStartTls(NO_FROM);
        String answer = p.send(NO_FROM);
        assertTrue(answer.contains("<stream:error><invalid-from xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"), answer);
        assertEquals(StreamErrorCondition.INVALID_FROM, p.raw.host.closedWith.condition());
        assertTrue(p.raw.host.closedWith.text().contains("RFC 6120 §4.7.1"), p.raw.host.closedWith.text());
    }

    @Test
    void acceptsTheFromThatArrivesWithTheFirstHeaderOverTls_rfc6120_4_7_1() throws Exception {
        TlsPeer p = TlsPeer.afterStartTls(NO_FROM);
        String answer = p.send(Raw.HEADER);
        assertTrue(answer.contains("<mechanism>EXTERNAL</mechanism>"), answer);
        assertEquals("alpha.test", p.raw.host.session.peerDomain());
        assertFalse(p.raw.host.closed);
    }
}
