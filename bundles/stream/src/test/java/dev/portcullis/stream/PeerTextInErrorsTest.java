package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Peer-supplied text on the error path: characters XML 1.0 forbids get {@code <not-well-formed/>}
 * (RFC 6120 §4.9.3.13, §11.6), the error we send can always be written, and the peer never sees our
 * internals (exception text, class or bundle names).
 */
class PeerTextInErrorsTest {

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(strings = {"FFFE", "FFFF"})
    @DisplayName("a non-character in a stanza's text gets <not-well-formed/> (RFC 6120 §11.6, §4.9.3.13)")
    void nonCharacterInStanzaGetsNotWellFormed_Rfc6120_11_6(String hex) {
        Raw r = Raw.inbound();
        r.send(Raw.HEADER);
        r.send(("<message><body>" + Character.toString(Integer.parseInt(hex, 16)) + "</body></message>")
                .getBytes(StandardCharsets.UTF_8));
        r.assertStreamError(StreamErrorCondition.NOT_WELL_FORMED);
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(strings = {"FFFE", "FFFF"})
    @DisplayName("a non-character in an attribute gets <not-well-formed/> (RFC 6120 §11.6, §4.9.3.13)")
    void nonCharacterInAttributeGetsNotWellFormed_Rfc6120_11_6(String hex) {
        Raw r = Raw.inbound();
        r.send(Raw.HEADER);
        r.send(("<message to='x" + Character.toString(Integer.parseInt(hex, 16)) + "'/>")
                .getBytes(StandardCharsets.UTF_8));
        r.assertStreamError(StreamErrorCondition.NOT_WELL_FORMED);
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(strings = {"FFFE", "FFFF"})
    @DisplayName("a non-character in the stream header gets <not-well-formed/> (RFC 6120 §11.6, §4.9.3.13)")
    void nonCharacterInStreamHeaderGetsNotWellFormed_Rfc6120_11_6(String hex) {
        Raw r = Raw.inbound();
        r.send(Raw.HEADER.replace("to='beta.test'", "to='beta" + Character.toString(Integer.parseInt(hex, 16)) + ".test'"));
        r.assertStreamError(StreamErrorCondition.NOT_WELL_FORMED);
    }

    @Test
    @DisplayName("a missing service is RESET with a text that names no bundle (RFC 6120 §4.9.3.16, §4.9.2)")
    void missingServiceTextNamesNoBundle_Rfc6120_4_9_2() {
        Raw r = Raw.inbound();
        r.services.tlsPolicy = null;
        r.send(Raw.HEADER);
        r.assertStreamError(StreamErrorCondition.RESET);
        String sent = r.output.toString();
        assertFalse(sent.contains("dev.portcullis"), sent);
        assertTrue(r.host.closedWith.adminText().contains("dev.portcullis.tls"), r.host.closedWith::adminText);
    }

    @Test
    @DisplayName("the stream error we send never throws and carries only XML characters (RFC 6120 §11.6, §4.9.2)")
    void streamErrorWithEveryInvalidCodePointIsWritable_Rfc6120_11_6() {
        StringBuilder bad = new StringBuilder();
        for (int c = 0; c < 0x20; c++) {
            if (c != 0x9 && c != 0xA && c != 0xD) {
                bad.append((char) c);
            }
        }
        bad.append('\uFFFE').append('\uFFFF').append('\uD800').append("x").append('\uDC00');
        StreamException e = new StreamException(StreamErrorCondition.HOST_UNKNOWN, "this server does not serve " + bad);
        String xml = e.toElement().toXml(Namespaces.SERVER, S2sSession.PREFIXES);
        xml.codePoints().forEach(c -> assertTrue(XmlChars.isXmlChar(c), () -> String.format("U+%04X in %s", c, xml)));
        assertTrue(xml.contains("this server does not serve \uFFFD"), xml);
    }

    @Test
    @DisplayName("a 400 kB value in an error text is cut for the peer (RFC 6120 §4.9.2)")
    void longPeerValueIsCutInTheTextWeSend_Rfc6120_4_9_2() {
        StreamException e = new StreamException(StreamErrorCondition.HOST_UNKNOWN, "x".repeat(400_000));
        String text = e.toElement().child(StreamErrorCondition.NAMESPACE, "text").text();
        assertEquals(StreamException.MAX_PEER_TEXT + 1, text.length());
        assertTrue(text.endsWith("…"));
    }

    @Test
    @DisplayName("a supplementary character is kept and never cut in half")
    void supplementaryCharactersSurviveCleaning() {
        assertEquals("a😀b", XmlChars.clean("a😀b", 100));
        assertEquals("a…", XmlChars.clean("a😀b", 2));
        assertEquals("𝠀", XmlChars.requireText("𝠀")); // U+1D800, whose low 16 bits look like a surrogate
    }

    @Test
    @DisplayName("the writer replaces forbidden characters in text that did not come through an Element")
    void writerEscapeNeverEmitsForbiddenCharacters_Rfc6120_11_6() {
        StringBuilder sb = new StringBuilder();
        XmlWriter.escape(sb, "a\u0000b\uFFFEc\uD800d\uD83D\uDE00", true);
        assertEquals("a\uFFFDb\uFFFDc\uFFFDd\uD83D\uDE00", sb.toString());
    }

    @Test
    @DisplayName("every code point XML 1.0 forbids, alone and in a surrogate-broken string, is written as U+FFFD (RFC 6120 §11.6)")
    void everyForbiddenCodePointIsReplacedByTheWriter_Rfc6120_11_6() {
        int checked = 0;
        for (int c = 0; c <= 0x10FFFF; c++) {
            if (XmlChars.isXmlChar(c)) {
                continue;
            }
            String s = "a" + (Character.isBmpCodePoint(c) ? String.valueOf((char) c) : new String(Character.toChars(c))) + "b";
            final int cp = c;
            StreamException e = new StreamException(StreamErrorCondition.NOT_WELL_FORMED, s);
            String xml = e.toElement().toXml(Namespaces.SERVER, S2sSession.PREFIXES);
            assertTrue(xml.contains("a\uFFFDb"), () -> String.format("U+%04X: %s", cp, xml));
            StringBuilder sb = new StringBuilder();
            XmlWriter.escape(sb, s, true);
            assertEquals("a\uFFFDb", sb.toString());
            checked++;
        }
        assertEquals(29 + 2048 + 2, checked, "C0 controls but tab/LF/CR, the surrogates, U+FFFE and U+FFFF");
    }
}
