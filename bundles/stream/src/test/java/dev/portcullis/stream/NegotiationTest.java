package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.stream.AuthMethod;
import dev.portcullis.api.stream.StreamSecurity;
import dev.portcullis.api.dialback.DialbackOutcome;
import dev.portcullis.api.dialback.DialbackResultType;
import dev.portcullis.api.dna.Verification;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Full negotiations between an outbound and an inbound session with real SSLEngines (RFC 6120 §4-§6). */
class NegotiationTest {

    static Element message(String from, String to, String body) {
        return Element.builder(Namespaces.SERVER, "message").attribute("from", from).attribute("to", to)
                .attribute("type", "chat")
                .child(Element.builder(Namespaces.SERVER, "body").text(body).build()).build();
    }

    static void assertEstablished(Link link, AuthMethod method) {
        assertNull(link.out.closedWith, () -> "outbound closed: " + link.out.closedWith);
        assertNull(link.in.closedWith, () -> "inbound closed: " + link.in.closedWith);
        assertEquals(SessionState.ESTABLISHED, link.out.session.state(), "outbound state; notes " + link.out.notes);
        assertEquals(SessionState.ESTABLISHED, link.in.session.state(), "inbound state; notes " + link.in.notes);
        assertEquals(List.of("alpha.test|beta.test|" + method), link.out.authenticated);
        assertEquals(List.of("beta.test|alpha.test|" + method), link.in.authenticated);
    }

    static void assertStanzaFlows(Link link) {
        Element m = message("juliet@alpha.test/balcony", "romeo@beta.test", "Wherefore art thou? <&'\">");
        assertTrue(link.out.session.sendStanza(m));
        link.pump();
        assertEquals(List.of(m), link.in.stanzas);
    }

    @Test
    void negotiatesStartTlsAndSaslExternalInBothRoles_rfc6120_5_and_6_xep0178_3() {
        Link link = Link.standard().start();
        assertEstablished(link, AuthMethod.SASL_EXTERNAL);
        assertStanzaFlows(link);
        for (TestHost h : List.of(link.out, link.in)) {
            StreamSecurity s = h.session.security();
            assertTrue(s.encrypted());
            assertEquals("TLSv1.3", s.tlsProtocol());
            assertNotNull(s.cipherSuite());
            assertEquals(AuthMethod.SASL_EXTERNAL, s.authMethod());
            assertEquals("pkix", s.provenBy());
            assertNotNull(s.peerCertificateSha256());
            assertTrue(s.verdict().accepted());
            assertFalse(h.session.peerChain().isEmpty());
        }
        assertEquals(link.out.session.streamId(), link.in.session.streamId());
        assertEquals(List.of("alpha.test"), link.in.session.security().authenticatedDomains());
    }

    @Test
    void attemptsStartTlsEvenWhenAnAttackerStripsTheFeature_rfc7590_3_1() {
        Link link = Link.standard();
        String stripped = "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>";
        boolean[] seen = {false};
        link.inToOutFilter = b -> {
            String s = StandardCharsets.ISO_8859_1.decode(b.duplicate()).toString();
            if (s.contains(stripped)) {
                seen[0] = true;
                return ByteBuffer.wrap(s.replace(stripped, "").getBytes(StandardCharsets.ISO_8859_1));
            }
            return b;
        };
        link.start();
        assertTrue(seen[0], "the attacker found the STARTTLS feature to strip");
        assertEstablished(link, AuthMethod.SASL_EXTERNAL);
        assertTrue(link.out.session.security().encrypted());
    }

    @Test
    void negotiatesDirectTls_xep0368() {
        Link link = new Link(TestServices.alpha(), TestServices.beta(), true).start();
        assertEstablished(link, AuthMethod.SASL_EXTERNAL);
        assertStanzaFlows(link);
        assertFalse(link.out.written.toString(StandardCharsets.ISO_8859_1).contains("<stream:stream"),
                "nothing is sent in plaintext on a direct TLS connection");
        assertNull(link.beta.policy.contexts.get(0).localDomain(), "SNI chooses the certificate (XEP-0368 §3)");
    }

    @Test
    void fallsBackToDialbackWhenTheCertificateIsNotVerified_xep0220_xep0178() {
        Link link = Link.standard();
        link.beta.fakeVerifier.neverVerified.add(TestPki.ALPHA);
        link.beta.fakeDialback.authoritative = FakeDialback.askDirectly(link.alpha.fakeDialback);
        link.start();
        assertEstablished(link, AuthMethod.DIALBACK);
        assertStanzaFlows(link);
        // alpha verified beta but was not offered EXTERNAL, so it asked whether dialback may be used
        assertEquals(1, link.alpha.fakeDialback.permitsAsked.size());
        assertTrue(link.alpha.fakeDialback.permitsAsked.get(0).certificate().verified());
        assertTrue(link.beta.fakeDialback.permitsAsked.stream().allMatch(c -> c.tlsProtected()));
    }

    @Test
    void refusesDialbackWhenPolicyForbidsIt_xep0344() {
        Link link = Link.standard();
        link.beta.fakeVerifier.neverVerified.add(TestPki.ALPHA);
        link.beta.fakeDialback.permit = false;
        link.start();
        assertEquals(StreamErrorCondition.NOT_AUTHORIZED, link.in.closedWith.condition());
        assertTrue(link.in.closedWith.text().contains("mode=never"), link.in.closedWith.text());
        assertTrue(link.out.closedWith.receivedFromPeer());
        assertTrue(link.in.noted(SecurityNote.Kind.VERIFICATION_FAILED));
    }

    @Test
    void dialbackRoundTripsThroughDbVerifyOnASecondStream_xep0220_2_1_2() {
        Link link = Link.standard();
        link.beta.fakeVerifier.neverVerified.add(TestPki.ALPHA);
        // beta, as receiving server, asks alpha's authoritative server over its own outbound stream
        TestServices betaOut = TestServices.beta();
        TestServices alphaIn = TestServices.alpha();
        alphaIn.fakeDialback.authoritative = FakeDialback.askDirectly(alphaIn.fakeDialback);
        Link verifyLink = new Link(betaOut, TestPki.BETA, alphaIn, TestPki.ALPHA, false, SessionConfig.defaults());
        // the authoritative server shares alpha's secret
        verifyLink.beta.dialback = link.alpha.fakeDialback;
        List<String> asked = new ArrayList<>();
        link.beta.fakeDialback.authoritative = q -> {
            asked.add(q.toString());
            return verifyLink.out.session.verify(q).thenApply(a -> new DialbackOutcome(a.type(), a.error(), a.detail(), false));
        };
        verifyLink.start();
        link.start();
        for (int i = 0; i < 10; i++) {
            verifyLink.pump();
            link.pump();
        }
        assertEquals(1, asked.size());
        assertEstablished(link, AuthMethod.DIALBACK);
        assertEquals(SessionState.ESTABLISHED, verifyLink.out.session.state());
    }

    @Test
    void authenticatesAPiggybackedSenderAndTargetDomainByDialback_xep0220_2_6() {
        Link link = new Link(TestServices.alpha(), TestPki.ALPHA, TestServices.beta(), TestPki.BETA,
                MultiplexingTest.BETA_AT, false, SessionConfig.defaults());
        link.beta.fakeDialback.authoritative = FakeDialback.askDirectly(link.alpha.fakeDialback);
        link.start();
        assertEstablished(link, AuthMethod.SASL_EXTERNAL);
        assertTrue(link.out.session.authenticate(TestPki.ROOMS_ALPHA, TestPki.BETA, null));
        assertTrue(link.out.session.authenticate(TestPki.ALPHA, TestPki.CHAT_BETA, MultiplexingTest.BETA_AT));
        link.pump();
        assertTrue(link.out.authenticated.contains("rooms.alpha.test|beta.test|DIALBACK"), link.out.authenticated.toString());
        assertTrue(link.out.authenticated.contains("alpha.test|chat.beta.test|DIALBACK"), link.out.authenticated.toString());
        assertTrue(link.in.authenticated.contains("beta.test|rooms.alpha.test|DIALBACK"), link.in.authenticated.toString());
        Element m = message("muc@rooms.alpha.test/x", "romeo@beta.test", "from the rooms");
        Element m2 = message("juliet@alpha.test", "room@chat.beta.test", "to the chat");
        assertTrue(link.out.session.sendStanza(m));
        assertTrue(link.out.session.sendStanza(m2));
        assertFalse(link.out.session.sendStanza(message("x@rooms.alpha.test", "y@chat.beta.test", "pair never authenticated")));
        link.pump();
        assertEquals(List.of(m, m2), link.in.stanzas);
        assertEquals(List.of("alpha.test", "rooms.alpha.test"), link.in.session.security().authenticatedDomains());
    }

    @Test
    void answersForbiddenForAnInvalidPiggybackedPairAndKeepsTheStream_xep0220_2_5() {
        Link link = Link.standard();
        link.beta.fakeDialback.authoritative = FakeDialback.askDirectly(link.alpha.fakeDialback);
        link.start();
        link.alpha.dialback = new FakeDialback("a forger's secret");
        assertTrue(link.out.session.authenticate(TestPki.ROOMS_ALPHA, TestPki.BETA, null));
        link.pump();
        assertEquals(1, link.out.failedPairs.size());
        assertTrue(link.out.failedPairs.get(0).contains("<forbidden/>"), link.out.failedPairs.toString());
        assertTrue(link.in.noted(SecurityNote.Kind.DIALBACK_INVALID));
        assertEquals(SessionState.ESTABLISHED, link.in.session.state());
        assertStanzaFlows(link);
    }

    @Test
    void closesTheStreamWhenTheFirstDialbackIsInvalid_xep0220_2_2_1() {
        Link link = Link.standard();
        link.beta.fakeVerifier.neverVerified.add(TestPki.ALPHA);
        link.beta.fakeDialback.authoritative = FakeDialback.askDirectly(new FakeDialback("not alpha's secret"));
        link.start();
        assertEquals(StreamErrorCondition.NOT_AUTHORIZED, link.in.closedWith.condition());
        assertTrue(link.out.closed);
        assertEquals(1, link.out.failedPairs.size());
        assertTrue(link.in.noted(SecurityNote.Kind.DIALBACK_INVALID));
    }

    @Test
    void refusesPlaintextWhenStartTlsFailsAndTlsIsRequired_rfc7590_3_1() {
        Link link = Link.standard();
        link.beta.policy.failNewEngine = true;
        link.start();
        assertEquals(StreamErrorCondition.POLICY_VIOLATION, link.out.closedWith.condition());
        assertTrue(link.out.closedWith.text().contains("TLS is required"), link.out.closedWith.text());
        assertTrue(link.out.noted(SecurityNote.Kind.TLS_REFUSED));
        assertFalse(link.out.session.sendStanza(message("a@alpha.test", "b@beta.test", "secret")));
        assertTrue(link.out.written.toString(StandardCharsets.UTF_8).contains("<starttls"));
        assertFalse(link.out.written.toString(StandardCharsets.UTF_8).contains("db:result"));
    }

    @Test
    void continuesInPlaintextAfterStartTlsFailureOnlyForPermittedPeers_rfc7590_3_1() {
        Link link = Link.standard();
        link.beta.policy.failNewEngine = true;
        link.alpha.policy.plaintextPeers.add(TestPki.BETA);
        link.start();
        assertTrue(link.out.noted(SecurityNote.Kind.PLAINTEXT), link.out.notes.toString());
        String sent = link.out.written.toString(StandardCharsets.UTF_8);
        assertTrue(sent.indexOf("<db:result") > sent.indexOf("<starttls"), sent);
        // the receiving side closed after <failure/> (RFC 6120 §5.4.2.2), so the stream ends
        assertTrue(link.out.closed);
    }

    @Test
    void closesWithPolicyViolationWhenTheTlsSessionBreaksThePolicy_rfc6120_4_9_3_14() {
        Link link = Link.standard();
        link.beta.policy.rejectProtocol = "TLSv1.3";
        link.start();
        assertEquals(StreamErrorCondition.POLICY_VIOLATION, link.in.closedWith.condition());
        assertTrue(link.in.closedWith.text().contains("RFC 9325 §3.1.1"), link.in.closedWith.text());
        SecurityNote note = link.in.notes.stream().filter(n -> n.kind() == SecurityNote.Kind.POLICY_VIOLATION)
                .findFirst().orElseThrow();
        assertEquals("RFC 9325 §3.1.1", note.specSection());
        assertEquals(StreamErrorCondition.POLICY_VIOLATION, link.out.closedWith.condition());
        assertTrue(link.out.closedWith.receivedFromPeer());
    }

    @Test
    void resetsTheStreamWhenTheDomainVerifierIsMissing_rfc6120_4_9_3_16() {
        Link link = Link.standard();
        link.beta.verifier = null;
        link.start();
        assertEquals(StreamErrorCondition.RESET, link.in.closedWith.condition());
        assertTrue(link.in.closedWith.text().contains("domain verifier"), link.in.closedWith.text());
        assertTrue(link.in.noted(SecurityNote.Kind.SERVICE_MISSING));
        assertEquals(StreamErrorCondition.RESET, link.out.closedWith.condition());
    }

    @Test
    void resetsTheStreamWhenTheTlsPolicyIsMissing_rfc6120_4_9_3_16() {
        Link link = Link.standard();
        link.beta.tlsPolicy = null;
        link.start();
        assertEquals(StreamErrorCondition.RESET, link.in.closedWith.condition());
        assertTrue(link.in.closedWith.text().contains("TLS policy"), link.in.closedWith.text());
    }

    @Test
    void resetsTheStreamWhenDialbackIsNeededButMissing_rfc6120_4_9_3_16() {
        Link link = Link.standard();
        link.beta.fakeVerifier.neverVerified.add(TestPki.ALPHA);
        link.beta.dialback = null;
        link.start();
        assertEquals(StreamErrorCondition.RESET, link.in.closedWith.condition());
        assertTrue(link.in.closedWith.text().contains("dialback"), link.in.closedWith.text());
    }

    @Test
    void refusesARejectedCertificateWithoutFallingBackToDialback_rfc7712() {
        Link link = Link.standard();
        link.alpha.fakeVerifier.rejected.add(TestPki.BETA);
        link.start();
        assertEquals(StreamErrorCondition.POLICY_VIOLATION, link.out.closedWith.condition());
        assertTrue(link.out.closedWith.text().contains("DANE"), link.out.closedWith.text());
        assertTrue(link.out.noted(SecurityNote.Kind.VERIFICATION_FAILED));
        assertTrue(link.out.authenticated.isEmpty());
    }

    @Test
    void reportsACertificateChange_rfc7590_3_6() {
        Link link = Link.standard();
        link.beta.fakeVerifier.certificateChanged = true;
        link.start();
        assertEstablished(link, AuthMethod.SASL_EXTERNAL);
        assertTrue(link.in.noted(SecurityNote.Kind.CERTIFICATE_CHANGED));
        assertTrue(link.in.session.security().certificateChangeWarning());
    }

    @Test
    void waitsForAnAsynchronousVerifierBeforeOfferingFeatures_rfc7712() {
        Link link = Link.standard();
        List<CompletableFuture<Verification>> held = new ArrayList<>();
        link.beta.fakeVerifier.held = held;
        link.start();
        assertEquals(SessionState.VERIFYING, link.in.session.state());
        assertEquals(1, held.size());
        held.get(0).complete(null);
        link.pump();
        assertEstablished(link, AuthMethod.SASL_EXTERNAL);
    }

    @Test
    void refusesAStanzaBeforeAuthenticationOverTls_rfc6120_4_3_5() {
        Link link = Link.standard();
        link.alpha.fakeVerifier.held = new ArrayList<>(); // the initiating side waits, so it never authenticates
        link.start();
        assertEquals(SessionState.FEATURES, link.in.session.state());
        link.out.session.sendXml(message("a@alpha.test", "b@beta.test", "too early").toXml(Namespaces.SERVER, java.util.Map.of()));
        link.pump();
        assertEquals(StreamErrorCondition.NOT_AUTHORIZED, link.in.closedWith.condition());
        assertTrue(link.in.stanzas.isEmpty());
    }

    @Test
    void treatsASecondStartTlsAsAStreamError_rfc6120_5_4_3_3() {
        Link link = Link.standard().start();
        assertEstablished(link, AuthMethod.SASL_EXTERNAL);
        link.out.session.sendXml("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        link.pump();
        assertEquals(StreamErrorCondition.POLICY_VIOLATION, link.in.closedWith.condition());
        assertTrue(link.in.closedWith.text().contains("second <starttls/>"), link.in.closedWith.text());
    }

    @Test
    void negotiatesWithEveryByteDeliveredOnItsOwn_rfc6120_4_2() {
        Link link = Link.standard();
        link.chunk = 1;
        link.beta.fakeDialback.authoritative = FakeDialback.askDirectly(link.alpha.fakeDialback);
        link.start();
        assertEstablished(link, AuthMethod.SASL_EXTERNAL);
        assertTrue(link.out.session.authenticate(TestPki.ROOMS_ALPHA, TestPki.BETA, null));
        link.pump();
        assertStanzaFlows(link);
    }

    @Test
    void negotiatesDirectTlsWithEveryByteDeliveredOnItsOwn_xep0368() {
        Link link = new Link(TestServices.alpha(), TestServices.beta(), true);
        link.chunk = 1;
        link.start();
        assertEstablished(link, AuthMethod.SASL_EXTERNAL);
        assertStanzaFlows(link);
    }

    @Test
    void negotiatesTls12Too_rfc7590() {
        Link link = Link.standard();
        link.alpha.policy.protocols = new String[] {"TLSv1.2"};
        link.start();
        assertEstablished(link, AuthMethod.SASL_EXTERNAL);
        assertEquals("TLSv1.2", link.in.session.security().tlsProtocol());
        assertStanzaFlows(link);
    }

    @Test
    void closesInOrderWithCloseNotify_rfc6120_4_4() {
        Link link = Link.standard().start();
        link.out.session.close(null);
        assertEquals(SessionState.CLOSING, link.out.session.state());
        link.pump();
        assertEquals(SessionState.CLOSED, link.out.session.state());
        assertEquals(SessionState.CLOSED, link.in.session.state());
        assertTrue(link.out.closed);
        assertTrue(link.in.closed);
        assertNull(link.out.closedWith);
        assertNull(link.in.closedWith);
        assertTrue(link.in.session.security().encrypted());
        // each side sent close_notify after the closing tags (RFC 8446 §6.1)
        assertTrue(link.out.session.tlsEngine().isOutboundDone());
        assertTrue(link.in.session.tlsEngine().isOutboundDone());
    }

    @Test
    void carriesAStanzaLargerThanManyTlsRecords_rfc6120_13_12() {
        Link link = Link.standard().start();
        Element big = message("juliet@alpha.test", "romeo@beta.test", "é".repeat(150_000));
        assertTrue(link.out.session.sendStanza(big));
        link.pump();
        assertEquals(List.of(big), link.in.stanzas);
    }

    @Test
    void tellsTheHostWhyAStreamClosedWhenTlsFails_rfc6120_5_4_3_2() {
        Link link = Link.standard();
        link.alpha.policy.protocols = new String[] {"TLSv1.2"};
        link.beta.policy.protocols = new String[] {"TLSv1.3"};
        link.start();
        assertTrue(link.out.closed);
        assertTrue(link.in.closed);
        assertTrue(link.in.noted(SecurityNote.Kind.TLS_REFUSED) || link.out.noted(SecurityNote.Kind.TLS_REFUSED));
        assertTrue(link.out.authenticated.isEmpty());
    }

    @Test
    void aPeerWithNoAllowedProtocolVersionIsExplainedWithItsClause_rfc8996_rfc9325_3_1_1() {
        Link link = Link.standard();
        link.alpha.policy.protocols = new String[] {"TLSv1.3"}; // we allow TLS 1.3 only
        link.beta.policy.protocols = new String[] {"TLSv1.2"};  // the peer stops short of it
        link.start();
        SecurityNote note = link.out.notes.stream().filter(n -> n.kind() == SecurityNote.Kind.TLS_REFUSED)
                .findFirst().orElseThrow(() -> new AssertionError("no TLS_REFUSED note: " + link.out.notes));
        assertEquals("RFC 8996 §5, RFC 9325 §3.1.1", note.specSection(), note.toString());
        assertTrue(note.message().contains("offers no protocol version our policy allows (TLSv1.3)"), note.toString());
        assertTrue(link.out.authenticated.isEmpty());
    }

    @Test
    void keepsTheStreamThroughTls13KeyUpdates_rfc8446_4_6_3() throws Exception {
        Link link = Link.standard().start();
        assertEstablished(link, AuthMethod.SASL_EXTERNAL);
        link.out.session.tlsEngine().beginHandshake(); // on TLS 1.3 this sends a KeyUpdate
        assertStanzaFlows(link);
        link.in.session.tlsEngine().beginHandshake();
        link.in.session.sendXml(" ");
        link.pump();
        Element m = message("juliet@alpha.test", "romeo@beta.test", "after both key updates");
        assertTrue(link.out.session.sendStanza(m));
        link.pump();
        assertEquals(m, link.in.stanzas.get(link.in.stanzas.size() - 1));
        assertEquals(SessionState.ESTABLISHED, link.out.session.state());
    }

    @Test
    void notesHostileInputForTheAdministrator() {
        Raw r = Raw.inbound();
        r.send(Raw.HEADER + "<!-- hello -->");
        SecurityNote note = r.host.notes.get(r.host.notes.size() - 1);
        assertEquals(SecurityNote.Kind.PROTOCOL_VIOLATION, note.kind());
        assertEquals("RFC 6120 §4.9.3.18", note.specSection());
        assertEquals("alpha.test", note.peerDomain());
    }

    @Test
    void checksTheSaslAuthzidAgainstTheVerifiedDomain_xep0178_3() {
        Link link = Link.standard();
        link.alpha.fakeVerifier.held = new ArrayList<>(); // alpha stays in VERIFYING; the test speaks for it
        link.start();
        assertEquals(SessionState.FEATURES, link.in.session.state());
        link.inToOutFilter = b -> ByteBuffer.allocate(0); // alpha's session must not react to the answers
        String evil = java.util.Base64.getEncoder().encodeToString("evil.test".getBytes(StandardCharsets.UTF_8));
        link.out.session.sendXml("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>" + evil + "</auth>");
        link.pump();
        assertTrue(link.in.authenticated.isEmpty());
        assertTrue(link.in.notes.stream().anyMatch(n -> n.kind() == SecurityNote.Kind.SASL_FAILED
                && n.message().contains("invalid-authzid")), link.in.notes.toString());
        link.out.session.sendXml("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGZvbwBiYXI=</auth>");
        link.pump();
        assertTrue(link.in.notes.stream().anyMatch(n -> n.message().contains("invalid-mechanism")));
        link.out.session.sendXml("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>=</auth>");
        link.pump();
        assertEquals(List.of("beta.test|alpha.test|SASL_EXTERNAL"), link.in.authenticated);
    }

    @Test
    void sendsWhitespaceKeepalivesOnlyWhenEstablished_rfc6120_4_6_1() {
        Raw r = Raw.inboundPlaintextPermitted();
        r.send(Raw.HEADER);
        r.host.drainText();
        r.host.session.keepalive();
        assertEquals("", r.host.drainText(), "no keepalive before the stream is established");
        Link link = Link.standard().start();
        int before = link.out.written.size();
        link.out.session.keepalive();
        assertTrue(link.out.written.size() > before, "a TLS record carrying the space");
        link.pump();
        assertEquals(SessionState.ESTABLISHED, link.in.session.state());
        assertNull(link.in.closedWith);
    }

    @Test
    void reportsATransportEndWithoutWritingAnything_rfc6120_4_4() {
        Link link = Link.standard().start();
        CompletableFuture<dev.portcullis.api.dialback.VerifyAnswer> answer = link.out.session.verify(
                new dev.portcullis.api.dialback.VerifyQuery("alpha.test", "beta.test", "sid", "key")).toCompletableFuture();
        link.out.outbox.clear();
        link.out.session.transportClosed("connection reset by peer");
        assertTrue(link.out.outbox.isEmpty(), "nothing is written to a dead connection");
        assertEquals(SessionState.CLOSED, link.out.session.state());
        assertEquals(StreamErrorCondition.UNDEFINED_CONDITION, link.out.closedWith.condition());
        assertTrue(link.out.closedWith.text().contains("connection reset by peer"));
        assertEquals(DialbackResultType.ERROR, answer.join().type());
        link.out.session.transportClosed("again");
        // an orderly end: we closed first, then the peer's TCP FIN arrived
        Link other = Link.standard().start();
        other.out.session.close(null);
        other.out.session.transportClosed("end of stream");
        assertNull(other.out.closedWith);
    }
}
