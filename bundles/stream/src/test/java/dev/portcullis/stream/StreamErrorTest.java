package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each RFC 6120 §4.9.3 condition the stream layer raises, one test each, plus the peer's errors. */
class StreamErrorTest {
    private static final String STREAM_NS = "xmlns:stream='http://etherx.jabber.org/streams'";

    @Test
    void badFormatForTextBetweenStanzas_rfc6120_4_9_3_1() {
        Raw r = Raw.inboundPlaintextPermitted().authenticated();
        r.send("this is not a stanza");
        r.assertStreamError(StreamErrorCondition.BAD_FORMAT);
    }

    @Test
    void badNamespacePrefixForAStreamPrefixOtherThanStream_rfc6120_4_9_3_2() {
        Raw r = Raw.inbound();
        r.send("<?xml version='1.0'?><foobar:stream xmlns='jabber:server' "
                + "xmlns:foobar='http://etherx.jabber.org/streams' from='alpha.test' to='beta.test' version='1.0'>");
        r.assertStreamError(StreamErrorCondition.BAD_NAMESPACE_PREFIX);
    }

    @Test
    void hostUnknownForADomainNotServedHere_rfc6120_4_9_3_6() {
        Raw r = Raw.inbound();
        r.send(Raw.HEADER.replace("to='beta.test'", "to='gamma.test'"));
        r.assertStreamError(StreamErrorCondition.HOST_UNKNOWN);
        assertTrue(r.host.closedWith.text().contains("gamma.test"));
    }

    @Test
    void hostUnknownForAMissingTo_rfc6120_4_9_3_6() {
        Raw r = Raw.inbound();
        r.send(Raw.HEADER.replace("to='beta.test'", ""));
        r.assertStreamError(StreamErrorCondition.HOST_UNKNOWN);
    }

    @Test
    void improperAddressingForAStanzaWithoutFrom_rfc6120_4_9_3_7() {
        Raw r = Raw.inboundPlaintextPermitted().authenticated();
        r.send("<message to='romeo@beta.test'><body>Wherefore art thou?</body></message>");
        r.assertStreamError(StreamErrorCondition.IMPROPER_ADDRESSING);
    }

    @Test
    void internalServerErrorWhenNoTlsEngineCanBeBuilt_rfc6120_4_9_3_8() {
        Raw r = Raw.outbound();
        r.services.policy.failNewEngine = true;
        r.send("<?xml version='1.0'?><stream:stream xmlns='jabber:server' " + STREAM_NS
                + " from='beta.test' to='alpha.test' id='abc' version='1.0'>"
                + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>");
        assertTrue(r.output.toString().contains("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"));
        r.send("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        r.assertStreamError(StreamErrorCondition.INTERNAL_SERVER_ERROR);
        assertTrue(r.host.closedWith.text().contains("no certificate configured"), r.host.closedWith.text());
    }

    @Test
    void invalidFromForAHeaderWithoutFromOverTls_rfc6120_4_9_3_9_rfc6120_4_7_1() throws Exception {
        TlsPeer p = TlsPeer.afterStartTls(Raw.HEADER);
        String answer = p.send(Raw.HEADER.replace("from='alpha.test'", ""));
        assertTrue(answer.contains("<stream:error><invalid-from xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"), answer);
        assertEquals(StreamErrorCondition.INVALID_FROM, p.raw.host.closedWith.condition());
    }

    @Test
    void hostUnknownForAStanzaToADomainNotServed_rfc6120_8_1_1_2_rfc6120_4_9_3_6() {
        Raw r = Raw.inboundPlaintextPermitted().authenticated();
        r.send("<message from='juliet@alpha.test' to='romeo@gamma.test'><body>hi</body></message>");
        r.assertStreamError(StreamErrorCondition.HOST_UNKNOWN);
        assertTrue(r.host.closedWith.text().contains("RFC 6120 §8.1.1.2"), r.host.closedWith.text());
        assertTrue(r.host.stanzas.isEmpty());
    }

    @Test
    void hostUnknownForAStanzaToAServedDomainNotValidatedOnThisStream_rfc6120_8_1_1_2() {
        Raw r = Raw.inboundPlaintextPermitted().authenticated();
        r.send("<message from='juliet@alpha.test' to='room@chat.beta.test'><body>hi</body></message>");
        r.assertStreamError(StreamErrorCondition.HOST_UNKNOWN);
        assertTrue(r.host.stanzas.isEmpty());
    }

    @Test
    void invalidFromForAStanzaFromAnUnauthenticatedDomain_rfc6120_4_9_3_9() {
        Raw r = Raw.inboundPlaintextPermitted().authenticated();
        r.send("<message from='mallory@evil.test' to='romeo@beta.test'><body>hi</body></message>");
        r.assertStreamError(StreamErrorCondition.INVALID_FROM);
        assertTrue(r.host.stanzas.isEmpty());
    }

    @Test
    void invalidNamespaceForAClientContentNamespace_rfc6120_4_9_3_10() {
        Raw r = Raw.inbound();
        r.send(Raw.HEADER.replace("xmlns='jabber:server'", "xmlns='jabber:client'"));
        r.assertStreamError(StreamErrorCondition.INVALID_NAMESPACE);
    }

    @Test
    void invalidNamespaceForAWrongStreamNamespace_rfc6120_4_9_3_10() {
        Raw r = Raw.inbound();
        r.send("<stream:stream xmlns='jabber:server' xmlns:stream='http://example.com/streams' "
                + "from='alpha.test' to='beta.test' version='1.0'>");
        r.assertStreamError(StreamErrorCondition.INVALID_NAMESPACE);
    }

    @Test
    void invalidXmlForAResponseHeaderWithoutId_rfc6120_4_9_3_11() {
        Raw r = Raw.outbound();
        r.send("<stream:stream xmlns='jabber:server' " + STREAM_NS + " from='beta.test' to='alpha.test' version='1.0'>");
        r.assertStreamError(StreamErrorCondition.INVALID_XML);
    }

    @Test
    void notAuthorizedForAStanzaBeforeTls_rfc6120_4_9_3_12_rfc6120_5_3_1() {
        Raw r = Raw.inbound();
        r.send(Raw.HEADER + "<message from='juliet@alpha.test' to='romeo@beta.test'><body>hi</body></message>");
        r.assertStreamError(StreamErrorCondition.NOT_AUTHORIZED);
        assertTrue(r.host.stanzas.isEmpty());
    }

    @Test
    void notAuthorizedForAStanzaBeforeAuthentication_rfc6120_4_9_3_12_rfc6120_4_3_5() {
        Raw r = Raw.inboundPlaintextPermitted();
        r.send(Raw.HEADER + "<message from='juliet@alpha.test' to='romeo@beta.test'><body>hi</body></message>");
        r.assertStreamError(StreamErrorCondition.NOT_AUTHORIZED);
        assertTrue(r.host.stanzas.isEmpty());
    }

    @Test
    void notWellFormedForMismatchedTags_rfc6120_4_9_3_13() {
        Raw r = Raw.inbound();
        r.send(Raw.HEADER + "<message><body></message>");
        r.assertStreamError(StreamErrorCondition.NOT_WELL_FORMED);
    }

    @Test
    void policyViolationForAnOversizeStanza_rfc6120_4_9_3_14() {
        Raw r = Raw.inboundPlaintextPermitted().authenticated();
        r.send("<message from='juliet@alpha.test' to='romeo@beta.test'><body>" + "x".repeat(5000) + "</body></message>");
        r.assertStreamError(StreamErrorCondition.POLICY_VIOLATION);
        assertTrue(r.host.stanzas.isEmpty());
    }

    @Test
    void resetWhenTheTlsPolicyIsMissing_rfc6120_4_9_3_16() {
        Raw r = Raw.inbound();
        r.services.tlsPolicy = null;
        r.send(Raw.HEADER);
        r.assertStreamError(StreamErrorCondition.RESET);
        assertTrue(r.host.closedWith.text().contains("dev.portcullis.tls"));
        assertTrue(r.host.noted(SecurityNote.Kind.SERVICE_MISSING));
    }

    @Test
    void restrictedXmlForAComment_rfc6120_4_9_3_18() {
        Raw r = Raw.inbound();
        r.send(Raw.HEADER + "<!-- a comment -->");
        r.assertStreamError(StreamErrorCondition.RESTRICTED_XML);
    }

    @Test
    void unsupportedEncodingForLatin1_rfc6120_4_9_3_22() {
        Raw r = Raw.inbound();
        r.send(Raw.HEADER.replace("<?xml version='1.0'?>", "<?xml version='1.0' encoding='ISO-8859-1'?>"));
        r.assertStreamError(StreamErrorCondition.UNSUPPORTED_ENCODING);
    }

    @Test
    void unsupportedStanzaTypeForAnUnknownElement_rfc6120_4_9_3_24() {
        Raw r = Raw.inboundPlaintextPermitted().authenticated();
        r.send("<enable xmlns='urn:xmpp:sm:3'/>");
        r.assertStreamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE);
    }

    @Test
    void unsupportedVersionForVersion2_rfc6120_4_9_3_25() {
        Raw r = Raw.inbound();
        r.send(Raw.HEADER.replace("to='beta.test' version='1.0'", "to='beta.test' version='2.0'"));
        r.assertStreamError(StreamErrorCondition.UNSUPPORTED_VERSION);
    }

    @Test
    void unsupportedVersionForAPreXmppStreamWithoutVersion_rfc6120_4_7_5() {
        Raw r = Raw.inbound();
        r.send(Raw.HEADER.replace("to='beta.test' version='1.0'", "to='beta.test'"));
        r.assertStreamError(StreamErrorCondition.UNSUPPORTED_VERSION);
    }

    @Test
    void sendsAConnectionTimeoutTheHostRaises_rfc6120_4_9_3_4() {
        Raw r = Raw.inboundPlaintextPermitted().authenticated();
        r.host.session.close(new StreamException(StreamErrorCondition.CONNECTION_TIMEOUT, "idle for 10 minutes"));
        r.output.append(r.host.drainText());
        r.assertStreamError(StreamErrorCondition.CONNECTION_TIMEOUT);
        assertTrue(r.output.toString().contains("<text xmlns='urn:ietf:params:xml:ns:xmpp-streams' xml:lang='en'>"
                + "idle for 10 minutes</text>"), r.output::toString);
    }

    @Test
    void sendsASystemShutdownTheHostRaises_rfc6120_4_9_3_20() {
        Raw r = Raw.inboundPlaintextPermitted().authenticated();
        r.host.session.close(new StreamException(StreamErrorCondition.SYSTEM_SHUTDOWN, "restarting"));
        r.output.append(r.host.drainText());
        r.assertStreamError(StreamErrorCondition.SYSTEM_SHUTDOWN);
    }

    /** RFC 6120 §4.9.1.3 and §4.9.4: every condition the peer may send is understood and reported. */
    @ParameterizedTest
    @EnumSource(StreamErrorCondition.class)
    void reportsTheStreamErrorThePeerSent_rfc6120_4_9_3(StreamErrorCondition condition) {
        Raw r = Raw.outbound();
        r.send("<stream:stream xmlns='jabber:server' " + STREAM_NS + " from='beta.test' to='alpha.test' id='x' version='1.0'>"
                + "<stream:error><" + condition.elementName() + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>because</text></stream:error>");
        assertTrue(r.host.closed);
        assertEquals(condition, r.host.closedWith.condition());
        assertTrue(r.host.closedWith.receivedFromPeer());
        assertEquals("because", r.host.closedWith.text());
        assertTrue(r.output.toString().endsWith("</stream:stream>"));
    }

    @Test
    void mapsAnUnknownPeerConditionToUndefinedCondition_rfc6120_4_9_4() {
        Raw r = Raw.outbound();
        r.send("<stream:stream xmlns='jabber:server' " + STREAM_NS + " from='beta.test' to='alpha.test' id='x' version='1.0'>"
                + "<stream:error><escape-your-bits xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>");
        assertEquals(StreamErrorCondition.UNDEFINED_CONDITION, r.host.closedWith.condition());
    }

    @Test
    void everyConditionHasItsElementNameAndSection_rfc6120_4_9_3() {
        assertEquals(25, EnumSet.allOf(StreamErrorCondition.class).size());
        assertEquals("see-other-host", StreamErrorCondition.SEE_OTHER_HOST.elementName());
        assertEquals("RFC 6120 §4.9.3.19", StreamErrorCondition.SEE_OTHER_HOST.specSection());
        for (StreamErrorCondition c : StreamErrorCondition.values()) {
            assertEquals(c, StreamErrorCondition.fromElementName(c.elementName()));
        }
        Element error = new StreamException(StreamErrorCondition.RESET, "retry in a minute").toElement();
        assertEquals("<error xmlns='http://etherx.jabber.org/streams'><reset xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams' xml:lang='en'>retry in a minute</text></error>",
                error.toXml());
    }
}
