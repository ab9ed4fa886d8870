package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile input kinds, each refused with the right stream error and nothing delivered (RFC 6120 §11, §13). */
class HostileInputTest {

    private static final String BILLION_LAUGHS = "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
            + "<!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
            + "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>]>";

    @Test
    void refusesBillionLaughsBeforeTheStream_rfc6120_11_1() {
        Raw r = Raw.inbound();
        r.send(BILLION_LAUGHS + Raw.HEADER.substring("<?xml version='1.0'?>".length()));
        r.assertStreamError(StreamErrorCondition.RESTRICTED_XML);
        assertTrue(r.host.closedWith.text().contains("DTD"));
    }

    @Test
    void refusesADtdInsideTheStream_rfc6120_11_1() {
        Raw r = Raw.inboundPlaintextPermitted().authenticated();
        r.send("<!DOCTYPE message [<!ENTITY lol 'lol'>]><message from='juliet@alpha.test' to='romeo@beta.test'>&lol;</message>");
        r.assertStreamError(StreamErrorCondition.RESTRICTED_XML);
        assertTrue(r.host.stanzas.isEmpty());
    }

    @Test
    void refusesAnExternalEntity_rfc6120_11_1() {
        Raw r = Raw.inbound();
        r.send("<?xml version='1.0'?><!DOCTYPE foo [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>");
        r.assertStreamError(StreamErrorCondition.RESTRICTED_XML);
        assertFalse(r.output.toString().contains("root:"));
    }

    @Test
    void refusesAnExternalDtdReference_rfc6120_11_1() {
        Raw r = Raw.inbound();
        r.send("<?xml version='1.0'?><!DOCTYPE stream SYSTEM 'http://127.0.0.1:1/evil.dtd'>");
        r.assertStreamError(StreamErrorCondition.RESTRICTED_XML);
    }

    @Test
    void refusesAnUndeclaredEntityReference_rfc6120_11_1() {
        Raw r = Raw.inboundPlaintextPermitted().authenticated();
        r.send("<message from='juliet@alpha.test' to='romeo@beta.test'><body>&xxe;</body></message>");
        r.assertStreamError(StreamErrorCondition.RESTRICTED_XML);
        assertTrue(r.host.stanzas.isEmpty());
    }

    @Test
    void refusesAProcessingInstruction_rfc6120_11_1() {
        Raw r = Raw.inboundPlaintextPermitted().authenticated();
        r.send("<?xml-stylesheet href='evil.xsl'?>");
        r.assertStreamError(StreamErrorCondition.RESTRICTED_XML);
        assertTrue(r.host.closedWith.text().contains("processing instruction"));
    }

    @Test
    void refusesACommentInsideAStanza_rfc6120_11_1() {
        Raw r = Raw.inboundPlaintextPermitted().authenticated();
        r.send("<message from='juliet@alpha.test' to='romeo@beta.test'><!-- hi --></message>");
        r.assertStreamError(StreamErrorCondition.RESTRICTED_XML);
        assertTrue(r.host.stanzas.isEmpty());
    }

    @Test
    void refusesAnOversizeStanzaFedInSmallPiecesBeforeItEnds_rfc6120_13_12() {
        Raw r = Raw.inboundPlaintextPermitted().authenticated();
        r.send("<message from='juliet@alpha.test' to='romeo@beta.test'><body>");
        int sent = 0;
        while (!r.host.closed && sent < 1_000_000) {
            r.send("y".repeat(512));
            sent += 512;
        }
        r.assertStreamError(StreamErrorCondition.POLICY_VIOLATION);
        assertTrue(sent <= 4096, "refused after " + sent + " bytes, not at the end of the stanza");
    }

    @Test
    void refusesAnOversizeStreamHeader_rfc6120_13_12() {
        Raw r = Raw.inbound();
        r.send("<?xml version='1.0'?><stream:stream xmlns='jabber:server' a='" + "z".repeat(10_000) + "'>");
        r.assertStreamError(StreamErrorCondition.POLICY_VIOLATION);
    }

    @Test
    void refusesDeepNesting_rfc6120_4_9_3_14() {
        Raw r = Raw.inboundPlaintextPermitted().authenticated();
        r.send("<message from='juliet@alpha.test' to='romeo@beta.test'>" + "<a>".repeat(200));
        r.assertStreamError(StreamErrorCondition.POLICY_VIOLATION);
    }

    /** RFC 3629 §3 and RFC 6120 §11.6: overlong forms, surrogates, beyond U+10FFFF, stray and truncated bytes. */
    @ParameterizedTest
    @ValueSource(strings = {"c0af", "e080af", "eda080", "f4908080", "80", "e228a1", "ff", "c3", "f880808080"})
    void refusesInvalidUtf8_rfc6120_11_6(String hex) {
        Raw r = Raw.inboundPlaintextPermitted().authenticated();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("<message from='juliet@alpha.test' to='romeo@beta.test'><body>".getBytes(StandardCharsets.UTF_8));
        b.writeBytes(HexFormat.of().parseHex(hex));
        b.writeBytes("</body></message>".getBytes(StandardCharsets.UTF_8));
        r.send(b.toByteArray());
        r.assertStreamError(StreamErrorCondition.NOT_WELL_FORMED);
        assertTrue(r.host.stanzas.isEmpty());
    }

    @Test
    void acceptsValidMultibyteUtf8_rfc6120_11_6() {
        Raw r = Raw.inboundPlaintextPermitted().authenticated();
        r.send("<message from='juliet@alpha.test' to='romeo@beta.test'><body>é € 𝄞 \uD83D\uDE00</body></message>");
        assertEquals("é € 𝄞 \uD83D\uDE00", r.host.stanzas.get(0).child(Namespaces.SERVER, "body").text());
    }

    @Test
    void refusesAStanzaBeforeAuthentication_rfc6120_4_3_5() {
        Raw r = Raw.inboundPlaintextPermitted();
        r.send(Raw.HEADER + "<iq type='get' id='1' from='alpha.test' to='beta.test'><ping xmlns='urn:xmpp:ping'/></iq>");
        r.assertStreamError(StreamErrorCondition.NOT_AUTHORIZED);
    }

    @Test
    void neverReadsBytesAfterStartTlsAsXml_rfc6120_5_4_3_3() {
        Raw r = Raw.inbound();
        // a second <starttls/> pipelined behind the first (command injection): it reaches TLS, not XML
        r.send(Raw.HEADER + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
                + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        String out = r.output.toString();
        assertEquals(out.indexOf("<proceed"), out.lastIndexOf("<proceed"), "exactly one proceed: " + out);
        assertTrue(r.host.closed);
        assertTrue(r.host.noted(SecurityNote.Kind.TLS_REFUSED), r.host.notes.toString());
        assertFalse(out.contains("<stream:error>"), "a TLS failure ends the connection without a stream error");
    }

    @Test
    void ignoresGarbageAfterTheStreamClose_rfc6120_4_4() {
        Raw r = Raw.inboundPlaintextPermitted().authenticated();
        r.send("</stream:stream><garbage>&&&<<<\u0000\u0001");
        assertTrue(r.host.closed);
        assertNull(r.host.closedWith, "an orderly close");
        assertTrue(r.output.toString().endsWith("</stream:stream>"));
        assertFalse(r.output.toString().contains("<stream:error>"));
        r.send("<more garbage/>");
        assertEquals(SessionState.CLOSED, r.host.session.state());
    }

    @Test
    void refusesDialbackBeforeTlsWhenTlsIsRequired_xep0220_2_5() {
        Raw r = Raw.inbound();
        r.send(Raw.HEADER + "<db:result from='alpha.test' to='beta.test'>abc</db:result>");
        assertTrue(r.output.toString().contains("<db:result from='beta.test' to='alpha.test' type='error'>"
                + "<error type='cancel'><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></db:result>"),
                r.output::toString);
        assertTrue(r.host.authenticated.isEmpty());
    }

    @Test
    void answersItemNotFoundForDialbackToAForeignDomain_xep0220_2_5() {
        Raw r = Raw.inboundPlaintextPermitted();
        r.send(Raw.HEADER + "<db:result from='alpha.test' to='gamma.test'>abc</db:result>");
        assertTrue(r.output.toString().contains("<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"),
                r.output::toString);
        assertFalse(r.host.closed, "a dialback error is not a stream error (XEP-0220 §2.5)");
    }

    @Test
    void acceptsWhitespaceKeepalivesBeyondTheStanzaLimit_rfc6120_4_6_1() {
        Raw r = Raw.inboundPlaintextPermitted().authenticated();
        for (int i = 0; i < 40; i++) {
            r.send(" \n\t ".repeat(100)); // 16 000 bytes in all, the limit is 4096
        }
        assertFalse(r.host.closed, r.output::toString);
        r.send("<message from='juliet@alpha.test' to='romeo@beta.test'><body>still here</body></message>");
        assertEquals(1, r.host.stanzas.size());
    }
}
