package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.stream.AuthMethod;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stream header rules of RFC 6120 §4.7-§4.9.1: stream IDs, version, namespaces and prefixes, and
 * errors raised by the initial header.
 */
class StreamHeaderRulesTest {
    private static final String RESPONSE_PREFIX = "<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
            + "xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback'";

    /** Every stream ID the receiving entity asks its source for, in order. */
    private static final class RecordingIds implements Supplier<String> {
        final Supplier<String> real = SessionConfig.randomStreamIds();
        final List<String> issued = new ArrayList<>();

        @Override
        public String get() {
            String id = real.get();
            issued.add(id);
            return id;
        }
    }

    /** An inbound beta.test session with its own stream ID source, started; the test plays the peer. */
    private static TestHost inbound(Supplier<String> ids) {
        TestHost host = new TestHost("inbound");
        host.session = S2sSession.inbound(host, TestServices.beta(), new SessionConfig(4096, 8, Clock.systemUTC(), ids),
                false, "127.0.0.1", 40000);
        host.session.start();
        return host;
    }

    private static String send(TestHost host, String xml) {
        host.session.receive(ByteBuffer.wrap(xml.getBytes(StandardCharsets.UTF_8)));
        host.runTasks();
        return host.drainText();
    }

    // ------------------------------------------------------------------ stream IDs

    @Test
    void newStreamIdAfterTlsAndSaslRestartsRfc6120Section4_3_3() {
        RecordingIds ids = new RecordingIds();
        Link link = new Link(TestServices.alpha(), TestServices.beta(), false,
                new SessionConfig(SessionConfig.DEFAULT_MAX_STANZA_BYTES, 64, Clock.systemUTC(), ids)).start();
        NegotiationTest.assertEstablished(link, AuthMethod.SASL_EXTERNAL);
        // three response headers: before TLS, after TLS (§5.4.3.3), after SASL (§6.4.6); each with a new ID
        assertEquals(3, ids.issued.size(), ids.issued.toString());
        assertEquals(3, Set.copyOf(ids.issued).size(), "no ID is reused across restarts: " + ids.issued);
        assertEquals(ids.issued.get(2), link.in.session.streamId());
        assertEquals(ids.issued.get(2), link.out.session.streamId(), "the initiating entity uses the newest ID");
        String plaintext = link.in.written.toString(StandardCharsets.ISO_8859_1);
        assertTrue(plaintext.contains(" id='" + ids.issued.get(0) + "'"), plaintext);
        assertFalse(plaintext.contains(ids.issued.get(1)), "the post-TLS ID travels only inside TLS");
    }

    @Test
    void streamIdsAreDistinct128BitValuesWithoutPatternRfc6120Section4_7_3() {
        Supplier<String> ids = SessionConfig.defaults().streamIds();
        Set<String> seen = new HashSet<>();
        int n = 10_000;
        int[] ones = new int[128];
        for (int i = 0; i < n; i++) {
            String id = ids.get();
            assertTrue(id.matches("[A-Za-z0-9_-]{22}"), "URL-safe base64 of 16 bytes, safe in an XML attribute: " + id);
            assertTrue(seen.add(id), "repeated stream ID after " + i + ": " + id);
            byte[] b = Base64.getUrlDecoder().decode(id);
            assertEquals(16, b.length);
            for (int bit = 0; bit < 128; bit++) {
                ones[bit] += (b[bit / 8] >> (bit % 8)) & 1;
            }
        }
        // Each bit is set in half of the IDs: 5000 ± 50 (one sigma). A counter, a clock or a constant
        // prefix leaves some bits nearly always 0 or 1; 4500..5500 is ten sigmas wide, so this never flakes.
        for (int bit = 0; bit < 128; bit++) {
            assertTrue(ones[bit] > 4500 && ones[bit] < 5500, "bit " + bit + " set in " + ones[bit] + " of " + n);
        }
        assertNotEquals(SessionConfig.defaults().streamIds().get(), SessionConfig.defaults().streamIds().get(),
                "two generators are not seeded alike");
    }

    @Test
    void streamIdsAreTheBytesOfASecureRandomRfc6120Section4_7_3() {
        // The generator takes a SecureRandom (the type admits no weaker source) and uses its bytes unchanged.
        byte[][] given = new byte[2][];
        SecureRandom counting = new SecureRandom() {
            private int calls;

            @Override
            public void nextBytes(byte[] bytes) {
                super.nextBytes(bytes);
                given[calls++] = bytes.clone();
            }
        };
        Supplier<String> ids = SessionConfig.randomStreamIds(counting);
        String first = ids.get();
        String second = ids.get();
        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(given[0]), first);
        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(given[1]), second);
        assertEquals(16, given[0].length, "128 bits per ID");
    }

    @Test
    void ignoresAnIdInTheInitialStreamHeaderRfc6120Section4_7_3() {
        TestHost host = inbound(SessionConfig.randomStreamIds());
        String out = send(host, Raw.HEADER.replace("to='beta.test' version='1.0'>", "to='beta.test' version='1.0' id='chosen-by-the-peer'>"));
        assertFalse(out.contains("chosen-by-the-peer"), out);
        String ours = host.session.streamId();
        assertTrue(ours.matches("[A-Za-z0-9_-]{22}"), ours);
        assertTrue(out.startsWith(RESPONSE_PREFIX + " from='beta.test' to='alpha.test' id='" + ours + "' version='1.0'"), out);
        assertEquals(SessionState.FEATURES, host.session.state(), "the header is otherwise accepted");
    }

    // ------------------------------------------------------------------ version

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "1.10", "1.9", "01.0", "1.00"})
    void acceptsEveryXmpp1VersionComparedNumericallyAndAnswers1_0Rfc6120Section4_7_5(String version) {
        TestHost host = inbound(SessionConfig.randomStreamIds());
        String out = send(host, Raw.HEADER.replace("to='beta.test' version='1.0'", "to='beta.test' version='" + version + "'"));
        assertFalse(host.closed, () -> "closed with " + host.closedWith);
        // rule 2: the lower of the initiator's version and ours (1.0)
        assertTrue(out.startsWith(RESPONSE_PREFIX + " from='beta.test' to='alpha.test' id='" + host.session.streamId()
                + "' version='1.0' xml:lang='en'><stream:features><starttls"), out);
    }

    @Test
    void aHeaderWithoutVersionIsXmpp0_9AndRefusedBecauseItCannotDoStartTlsRfc6120Section4_7_5() {
        TestHost host = inbound(() -> "id-0-9");
        String out = send(host, Raw.HEADER.replace("to='beta.test' version='1.0'", "to='beta.test'"));
        assertTrue(host.closed);
        assertEquals(StreamErrorCondition.UNSUPPORTED_VERSION, host.closedWith.condition());
        assertEquals("stream version absent, which means 0.9 (pre-RFC 3920 stream) is not supported; version 1.0 is "
                + "required for STARTTLS (RFC 6120 §4.7.5)", host.closedWith.text());
        // rule 4: the response header carries no 'version' either
        String header = RESPONSE_PREFIX + " from='beta.test' id='id-0-9' xml:lang='en'>";
        assertTrue(out.startsWith(header + "<stream:error><unsupported-version xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"), out);
        assertTrue(out.endsWith("</stream:error></stream:stream>"), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.9", "2.0", "1", "one"})
    void refusesVersionsThatAreNotXmpp1Rfc6120Section4_7_5(String version) {
        TestHost host = inbound(SessionConfig.randomStreamIds());
        send(host, Raw.HEADER.replace("to='beta.test' version='1.0'", "to='beta.test' version='" + version + "'"));
        assertEquals(StreamErrorCondition.UNSUPPORTED_VERSION, host.closedWith.condition());
    }

    @Test
    void theInitiatingEntityRefusesAResponseWithoutVersionRfc6120Section4_7_5() {
        Raw r = Raw.outbound();
        r.send("<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' "
                + "from='beta.test' to='alpha.test' id='abc'>");
        r.assertStreamError(StreamErrorCondition.UNSUPPORTED_VERSION);
    }

    // ------------------------------------------------------------------ namespaces and prefixes

    @Test
    void aStreamHeaderInAnotherNamespaceIsInvalidNamespaceRfc6120Section4_8_1() {
        Raw wrong = Raw.inbound();
        wrong.send("<?xml version='1.0'?><stream:stream from='alpha.test' to='beta.test' version='1.0' xml:lang='en' "
                + "xmlns='jabber:server' xmlns:stream='http://wrong.namespace.example.org/'>");
        wrong.assertStreamError(StreamErrorCondition.INVALID_NAMESPACE);
        Raw none = Raw.inbound();
        none.send("<?xml version='1.0'?><stream from='alpha.test' to='beta.test' version='1.0' xmlns='jabber:server'>");
        none.assertStreamError(StreamErrorCondition.INVALID_NAMESPACE);
        assertTrue(none.host.closedWith.text().contains("RFC 6120 §4.8.1"), none.host.closedWith.text());
    }

    @Test
    void aJabberClientContentNamespaceIsInvalidNamespaceRfc6120Section4_8_3() {
        Raw header = Raw.inbound();
        header.send(Raw.HEADER.replace("xmlns='jabber:server'", "xmlns='jabber:client'"));
        header.assertStreamError(StreamErrorCondition.INVALID_NAMESPACE);

        // a first-level child in jabber:client, on a stream whose default namespace is jabber:server
        Raw stanza = Raw.inboundPlaintextPermitted().authenticated();
        stanza.send("<message xmlns='jabber:client' from='juliet@alpha.test' to='romeo@beta.test'><body>hi</body></message>");
        stanza.assertStreamError(StreamErrorCondition.INVALID_NAMESPACE);
        assertTrue(stanza.host.stanzas.isEmpty());
        assertTrue(stanza.host.closedWith.text().endsWith("(RFC 6120 §4.8.3)"), stanza.host.closedWith.text());
    }

    @Test
    void aFirstLevelChildInANamespaceWeDoNotKnowIsUnsupportedStanzaTypeRfc6120Section4_8_3() {
        // §4.8.4: other namespaces are not content namespaces; §4.9.3.24 names their condition
        Raw r = Raw.inboundPlaintextPermitted().authenticated();
        r.send("<message xmlns='urn:example:unknown' from='juliet@alpha.test' to='romeo@beta.test'/>");
        r.assertStreamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE);
        assertTrue(r.host.stanzas.isEmpty());
    }

    @Test
    void theInitiatingEntityRefusesJabberClientElementsTooRfc6120Section4_8_3() {
        Raw r = Raw.outbound();
        r.send("<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' "
                + "from='beta.test' to='alpha.test' id='abc' version='1.0'>"
                + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features>"
                + "<c:iq xmlns:c='jabber:client' type='get' id='1'/>");
        r.assertStreamError(StreamErrorCondition.INVALID_NAMESPACE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<foobar:stream xmlns:foobar='http://etherx.jabber.org/streams' xmlns='jabber:server' from='alpha.test' to='beta.test' version='1.0'>",
        "<stream xmlns='http://etherx.jabber.org/streams' from='alpha.test' to='beta.test' version='1.0'>"})
    void aStreamPrefixOtherThanStreamIsBadNamespacePrefixRfc6120Section4_8_5(String header) {
        Raw r = Raw.inbound();
        r.send("<?xml version='1.0'?>" + header);
        r.assertStreamError(StreamErrorCondition.BAD_NAMESPACE_PREFIX);
        assertTrue(r.host.closedWith.text().endsWith("(RFC 6120 §4.8.5)"), r.host.closedWith.text());
    }

    @Test
    void aPrefixedContentNamespaceStanzaIsDeliveredOnlyCorrectedRfc6120Section4_8_5() {
        Raw r = Raw.inboundPlaintextPermitted().authenticated();
        r.send("<foo:message xmlns:foo='jabber:server' from='juliet@alpha.test' to='romeo@beta.test'>"
                + "<foo:body>foo</foo:body></foo:message>");
        assertFalse(r.host.closed, () -> "closed with " + r.host.closedWith);
        assertEquals(1, r.host.stanzas.size());
        // what we route is the stanza in the default namespace, without the peer's prefix
        assertEquals("<message from='juliet@alpha.test' to='romeo@beta.test'><body>foo</body></message>",
                r.host.stanzas.get(0).toXml(Namespaces.SERVER, S2sSession.PREFIXES));
    }

    // ------------------------------------------------------------------ errors during setup

    @Test
    void anErrorInTheInitialHeaderIsSentInsideAnOpenedStreamByteForByteRfc6120Section4_9_1_2() {
        TestHost host = inbound(() -> "++TR84Sm6A3hnt3Q065SnAbbk3Y=");
        // RFC 6120 §4.9.1.2's own example, for a server-to-server stream
        send(host, "<?xml version='1.0'?><stream:stream from='alpha.test' to='beta.test' version='1.0' xml:lang='en' "
                + "xmlns='jabber:server' xmlns:stream='http://wrong.namespace.example.org/'>");
        assertTrue(host.closed);
        assertEquals(StreamErrorCondition.INVALID_NAMESPACE, host.closedWith.condition());
        String error = host.closedWith.toElement().toXml(Namespaces.SERVER, S2sSession.PREFIXES);
        assertTrue(error.startsWith("<stream:error><invalid-namespace xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"), error);
        assertEquals(RESPONSE_PREFIX + " id='++TR84Sm6A3hnt3Q065SnAbbk3Y=' version='1.0' xml:lang='en'>" + error
                + "</stream:stream>", host.written.toString(StandardCharsets.UTF_8),
                "the opening <stream> tag, the error as its child, the closing tag, and nothing else");
    }

    @Test
    void anErrorFoundAfterTheHeaderWasParsedStillComesInsideOneStreamRfc6120Section4_9_1_2() {
        TestHost host = inbound(() -> "id-v2");
        send(host, Raw.HEADER.replace("to='beta.test' version='1.0'", "to='beta.test' version='2.0'"));
        assertEquals(StreamErrorCondition.UNSUPPORTED_VERSION, host.closedWith.condition());
        String written = host.written.toString(StandardCharsets.UTF_8);
        String error = host.closedWith.toElement().toXml(Namespaces.SERVER, S2sSession.PREFIXES);
        assertTrue(written.startsWith(RESPONSE_PREFIX), written);
        assertEquals(1, written.split("<stream:stream", -1).length - 1, "one opening tag: " + written);
        assertTrue(written.endsWith("'>" + error + "</stream:stream>"), written);
    }
}
