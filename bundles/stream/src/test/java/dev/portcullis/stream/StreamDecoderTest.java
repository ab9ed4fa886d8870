package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stream decoder alone: events, escaping, and input split at every byte (RFC 6120 §4, §11). */
class StreamDecoderTest {

    /** A whole stream as a peer might send it: RFC 6120 §4.3 / XEP-0220 examples plus awkward content. */
    static final String TRANSCRIPT = "<?xml version='1.0'?>\n<stream:stream xmlns='jabber:server' "
            + "xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback' "
            + "from='capulet.example' to='montague.example' id='s2s_345' version='1.0' xml:lang='en'>\n"
            + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
            + "<dialback xmlns='urn:xmpp:features:dialback'><errors/></dialback></stream:features>\n  \t"
            + "<db:result from='capulet.example' to='montague.example'>b4835385f37fe2895af6c196b59097b16862406db80559900d96bf6fa7d23df3</db:result>"
            + "<message from='juliet@capulet.example/balcony' to='romeo@montague.example' xml:lang='en' id='m&amp;1'>"
            + "<body>Wherefore &lt;art&gt; thou &amp; &#x1D11E; é \"quoted\" 'single'</body>"
            + "<html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml'>"
            + "<p>mixed <em>content</em> here<![CDATA[ <raw> & ]]></p></body></html></message>"
            + "<presence from='juliet@capulet.example' to='romeo@montague.example' a='&gt;&apos;'/>"
            + "<iq type='get' id='p1' from='capulet.example' to='montague.example'><ping xmlns='urn:xmpp:ping'/></iq>"
            + "</stream:stream>";

    static List<String> decode(byte[] bytes, int... splits) throws StreamException {
        StreamDecoder d = new StreamDecoder(SessionConfig.DEFAULT_MAX_STANZA_BYTES);
        RecordingHandler h = new RecordingHandler();
        int from = 0;
        for (int s : splits) {
            d.feed(ByteBuffer.wrap(bytes, from, s - from), h);
            from = s;
        }
        d.feed(ByteBuffer.wrap(bytes, from, bytes.length - from), h);
        return h.events;
    }

    @Test
    void decodesHeaderElementsAndClose_rfc6120_4_7() throws StreamException {
        StreamDecoder d = new StreamDecoder(SessionConfig.DEFAULT_MAX_STANZA_BYTES);
        RecordingHandler h = new RecordingHandler();
        d.feed(ByteBuffer.wrap(TRANSCRIPT.getBytes(StandardCharsets.UTF_8)), h);
        StreamHeader hd = h.header;
        assertEquals("capulet.example", hd.from());
        assertEquals("montague.example", hd.to());
        assertEquals("s2s_345", hd.id());
        assertEquals("1.0", hd.version());
        assertEquals("en", hd.lang());
        assertEquals("jabber:server", hd.contentNamespace());
        assertTrue(hd.declaresDialback());
        assertEquals(5, h.elements.size());
        Element message = h.elements.get(2);
        assertEquals("m&1", message.attribute("id"));
        assertEquals("en", message.attribute("xml:lang"));
        assertEquals("Wherefore <art> thou & \uD834\uDD1E é \"quoted\" 'single'",
                message.child(Namespaces.SERVER, "body").text());
        Element p = message.child("http://jabber.org/protocol/xhtml-im", "html")
                .child("http://www.w3.org/1999/xhtml", "body").child("http://www.w3.org/1999/xhtml", "p");
        assertEquals(List.of("mixed ", p.children().get(0), " here <raw> & "), p.content());
        assertEquals(">'", h.elements.get(3).attribute("a"));
        assertTrue(d.isClosed());
        assertEquals("close", h.events.get(h.events.size() - 1));
    }

    @Test
    void decodesTheSameWhenSplitAtEveryByte_rfc6120_4_2() throws StreamException {
        byte[] bytes = TRANSCRIPT.getBytes(StandardCharsets.UTF_8);
        List<String> whole = decode(bytes);
        for (int i = 1; i < bytes.length; i++) {
            assertEquals(whole, decode(bytes, i), "split at byte " + i);
        }
        int[] everyByte = new int[bytes.length - 1];
        Arrays.setAll(everyByte, i -> i + 1);
        assertEquals(whole, decode(bytes, everyByte), "fed byte by byte");
    }

    @Test
    void stopsExactlyAfterTheElementThatStartsTls_rfc6120_5_4_3_3() throws StreamException {
        byte[] xml = (TRANSCRIPT.substring(0, TRANSCRIPT.indexOf("<stream:features>"))
                + "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>").getBytes(StandardCharsets.UTF_8);
        byte[] tlsRecord = {0x16, 0x03, 0x01, 0x00, (byte) 0xF4, (byte) 0xFF, (byte) 0xC0, 0x3C};
        byte[] all = new byte[xml.length + tlsRecord.length];
        System.arraycopy(xml, 0, all, 0, xml.length);
        System.arraycopy(tlsRecord, 0, all, xml.length, tlsRecord.length);
        for (int split = 0; split <= all.length; split++) {
            StreamDecoder d = new StreamDecoder(SessionConfig.DEFAULT_MAX_STANZA_BYTES);
            RecordingHandler h = new RecordingHandler();
            h.stopAt = e -> e.name().equals("proceed");
            ByteBuffer first = ByteBuffer.wrap(all, 0, split);
            ByteBuffer second = ByteBuffer.wrap(all, split, all.length - split);
            d.feed(first, h);
            if (h.elements.isEmpty()) {
                d.feed(second, h);
            }
            assertEquals(1, h.elements.size(), "split " + split);
            ByteBuffer left = ByteBuffer.allocate(tlsRecord.length + 1);
            left.put(first).put(second).flip();
            byte[] leftBytes = new byte[left.remaining()];
            left.get(leftBytes);
            assertArrayEquals(tlsRecord, leftBytes, "bytes after <proceed/> are left for TLS, split " + split);
        }
    }

    @Test
    void refusesFeedingAfterAStop() throws StreamException {
        StreamDecoder d = new StreamDecoder(SessionConfig.DEFAULT_MAX_STANZA_BYTES);
        RecordingHandler h = new RecordingHandler();
        h.stopAt = e -> true;
        d.feed(ByteBuffer.wrap(TRANSCRIPT.getBytes(StandardCharsets.UTF_8)), h);
        assertThrows(IllegalStateException.class, () -> d.feed(ByteBuffer.wrap(new byte[] {' '}), h));
    }

    @Test
    void roundTripsEscapedTextAndAttributes_rfc6120_11() throws StreamException {
        String nasty = "<&>\"' ]]> \t\r\n é \uD83D\uDE00";
        Element e = Element.builder(Namespaces.SERVER, "message").attribute("from", "a@alpha.test")
                .attribute("to", nasty).attribute("xml:lang", "de").attribute("{urn:x}flag", nasty)
                .child(Element.builder(Namespaces.SERVER, "body").text(nasty).build())
                .child(Element.builder("urn:example", "x").child(Element.builder("urn:example", "y").text("1").build()).build())
                .build();
        String stream = TRANSCRIPT.substring(0, TRANSCRIPT.indexOf("<stream:features>"))
                + e.toXml(Namespaces.SERVER, Map.of(Namespaces.DIALBACK, "db"));
        StreamDecoder d = new StreamDecoder(SessionConfig.DEFAULT_MAX_STANZA_BYTES);
        RecordingHandler h = new RecordingHandler();
        d.feed(ByteBuffer.wrap(stream.getBytes(StandardCharsets.UTF_8)), h);
        assertEquals(List.of(e), h.elements);
        assertEquals(nasty, h.elements.get(0).attribute("to"));
    }

    @Test
    void writesDialbackElementsWithTheDbPrefix_xep0220_2_4_1() {
        Element r = DialbackElements.request("result", "alpha.test", "beta.test", null, "k");
        assertEquals("<db:result from='alpha.test' to='beta.test'>k</db:result>",
                r.toXml(Namespaces.SERVER, Map.of(Namespaces.DIALBACK, "db")));
        assertEquals("<result xmlns='jabber:server:dialback' from='alpha.test' to='beta.test'>k</result>", r.toXml());
    }

    @Test
    void refusesCharactersXmlCannotCarry_rfc6120_11_6() {
        assertThrows(IllegalArgumentException.class, () -> Element.builder(Namespaces.SERVER, "body").text("bell \u0007"));
        assertThrows(IllegalArgumentException.class, () -> Element.builder(Namespaces.SERVER, "body").attribute("a", "\uFFFE"));
        assertThrows(IllegalArgumentException.class, () -> Element.builder(Namespaces.SERVER, "bad name"));
        assertThrows(IllegalArgumentException.class, () -> Element.builder(Namespaces.SERVER, "b").text("lone \uD800 surrogate"));
    }

    @Test
    void acceptsPredefinedEntitiesAndCharacterReferences_rfc6120_11_1() throws StreamException {
        String s = TRANSCRIPT.substring(0, TRANSCRIPT.indexOf("<stream:features>"))
                + "<message><body>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;</body></message>";
        StreamDecoder d = new StreamDecoder(SessionConfig.DEFAULT_MAX_STANZA_BYTES);
        RecordingHandler h = new RecordingHandler();
        d.feed(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)), h);
        assertEquals("<>&\"'AB", h.elements.get(0).child(Namespaces.SERVER, "body").text());
    }
}
