package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every refusal is noted to the host, which logs it and posts it as an event (console, metrics): also the
 * refusals answered inside the stream (a dialback {@code <policy-violation/>}), and a refused 'from' names
 * what the peer claimed.
 */
class RefusalNotesTest {

    private static SecurityNote only(TestHost host, SecurityNote.Kind kind) {
        var notes = host.notes.stream().filter(n -> n.kind() == kind).toList();
        assertEquals(1, notes.size(), host.notes::toString);
        return notes.get(0);
    }

    @Test
    @DisplayName("a db:result before TLS, when the policy requires TLS, is answered <policy-violation/> and noted as a TLS refusal (RFC 7590 §3.1)")
    void plaintextDbResultIsNotedAsARefusal_rfc7590_3_1() {
        Raw r = Raw.inbound();
        r.send(Raw.HEADER);
        r.send("<db:result from='alpha.test' to='beta.test'>abc</db:result>");
        assertTrue(r.output.toString().endsWith("<db:result from='beta.test' to='alpha.test' type='error'><error "
                + "type='cancel'><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></db:result>"),
                r.output::toString);
        SecurityNote n = only(r.host, SecurityNote.Kind.TLS_REFUSED);
        assertEquals("RFC 7590 §3.1", n.specSection());
        assertEquals("alpha.test", n.peerDomain());
        assertTrue(n.message().startsWith("alpha.test (127.0.0.1:40000) sent a db:result for "), n.message());
    }

    @Test
    @DisplayName("a db:verify before TLS, when the policy requires TLS, is answered <policy-violation/> and noted as a TLS refusal (RFC 7590 §3.1)")
    void plaintextDbVerifyIsNotedAsARefusal_rfc7590_3_1() {
        Raw r = Raw.inbound();
        r.send(Raw.HEADER);
        r.send("<db:verify from='alpha.test' to='beta.test' id='s1'>abc</db:verify>");
        assertTrue(r.output.toString().contains("<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"),
                r.output::toString);
        assertEquals("RFC 7590 §3.1", only(r.host, SecurityNote.Kind.TLS_REFUSED).specSection());
    }

    @Test
    @DisplayName("a stream header with an invalid 'from' is refused with <invalid-from/>, noted with the claimed 'from' (RFC 6120 §4.9.3.9)")
    void invalidFromIsNotedWithTheClaimedFrom_rfc6120_4_9_3_9() {
        Raw r = Raw.inbound();
        r.send(Raw.HEADER.replace("from='alpha.test'", "from='mallory@evil.test/x'"));
        r.assertStreamError(StreamErrorCondition.INVALID_FROM);
        SecurityNote n = only(r.host, SecurityNote.Kind.PROTOCOL_VIOLATION);
        assertNull(n.peerDomain(), "an invalid 'from' is no peer domain");
        assertEquals("mallory@evil.test/x", n.claimedFrom());
        assertEquals("RFC 6120 §4.9.3.9", n.specSection());
        assertTrue(n.message().startsWith("<invalid-from/> the s2s stream header from 127.0.0.1"), n.message());
    }

    @Test
    @DisplayName("a note about an identified peer carries no claimed 'from' (RFC 6120 §4.9.3.9)")
    void aNoteAboutAKnownPeerHasNoClaim_rfc6120_4_9_3_9() {
        Raw r = Raw.inbound();
        r.send(Raw.HEADER);
        r.send("<db:result from='alpha.test' to='beta.test'>abc</db:result>");
        assertNull(only(r.host, SecurityNote.Kind.TLS_REFUSED).claimedFrom());
    }
}
