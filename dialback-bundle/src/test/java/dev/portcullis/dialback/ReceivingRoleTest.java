package dev.portcullis.dialback;

import static dev.portcullis.dialback.Fixtures.CAPULET;
import static dev.portcullis.dialback.Fixtures.CAPULET_SECRET;
import static dev.portcullis.dialback.Fixtures.MONTAGUE;
import static dev.portcullis.dialback.Fixtures.MONTAGUE_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.dialback.DialbackError;
import dev.portcullis.api.dialback.DialbackOutcome;
import dev.portcullis.api.dialback.DialbackResultType;
import dev.portcullis.api.dialback.VerifyAnswer;
import dev.portcullis.api.dialback.VerifyQuery;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The receiving role of XEP-0220 §2.2.1 (and §2.1.2 towards the authoritative server), with montague.example
 * receiving and capulet.example originating, as in the XEP's examples.
 */
class ReceivingRoleTest {

    private final ServiceHarness capulet = new ServiceHarness(CAPULET_SECRET);
    private final ServiceHarness montague = new ServiceHarness(MONTAGUE_SECRET);

    @AfterEach
    void stop() {
        capulet.close();
        montague.close();
    }

    /** XEP-0220 §2.1.1 → §2.1.2 → §2.2.2 → §2.2.1: the whole classic flow between two real key makers. */
    @Test
    void validKeyIsConfirmedByTheAuthoritativeServerSection221() {
        var relay = Fixtures.FakeOutboundStreams.relayingTo(capulet.service);
        montague.with(relay);
        String key = capulet.service.key(MONTAGUE, CAPULET, "D60000229F");
        assertEquals("b4835385f37fe2895af6c196b59097b16862406db80559900d96bf6fa7d23df3", key, "XEP-0220 Example 1");

        DialbackOutcome outcome = montague.receive(Fixtures.inbound("D60000229F", CAPULET, MONTAGUE), key);

        assertEquals(DialbackResultType.VALID, outcome.type(), outcome.reason());
        assertFalse(outcome.shortcut());
        // XEP-0220 §2.1.2: from = Target Domain, to = Sender Domain, id = the stream ID of the db:result's stream.
        assertEquals(List.of(new VerifyQuery(MONTAGUE, CAPULET, "D60000229F", key)), relay.queries);
    }

    @Test
    void keyTheAuthoritativeServerCallsInvalidIsInvalidSection221() {
        montague.with(Fixtures.FakeOutboundStreams.relayingTo(capulet.service));
        String forged = DialbackKeys.compute("a secret that is not capulet's", MONTAGUE, CAPULET, "D60000229F");

        DialbackOutcome outcome = montague.receive(Fixtures.inbound("D60000229F", CAPULET, MONTAGUE), forged);

        assertEquals(DialbackResultType.INVALID, outcome.type());
        assertTrue(outcome.reason().contains(CAPULET), outcome.reason());
    }

    /** XEP-0220 §2.5: "If an error is encountered in Step 3 ..., the Receiving Server MUST send a <remote-server-not-found/>". */
    @Test
    void authoritativeServerErrorBecomesRemoteServerNotFoundSection25() {
        montague.with(Fixtures.FakeOutboundStreams.answering(
                new VerifyAnswer(DialbackResultType.ERROR, DialbackError.ITEM_NOT_FOUND, "capulet.example is not hosted here")));

        DialbackOutcome outcome = montague.receive(Fixtures.inbound("s1", CAPULET, MONTAGUE), "abc");

        assertEquals(DialbackError.REMOTE_SERVER_NOT_FOUND, outcome.error(), outcome.reason());
        assertTrue(outcome.reason().contains("item-not-found"), outcome.reason());
    }

    /** XEP-0220 §2.5 table, Step 4: the host's own failures to reach the authoritative server keep their condition. */
    @Test
    void unreachableAuthoritativeServerKeepsTheHostsConditionSection25() {
        for (DialbackError condition : List.of(DialbackError.REMOTE_CONNECTION_FAILED,
                DialbackError.REMOTE_SERVER_NOT_FOUND, DialbackError.REMOTE_SERVER_TIMEOUT)) {
            try (ServiceHarness receiving = new ServiceHarness(MONTAGUE_SECRET)) {
                receiving.with(Fixtures.FakeOutboundStreams.answering(new VerifyAnswer(DialbackResultType.ERROR,
                        condition, "connection refused by 127.0.0.1:5269")));
                DialbackOutcome outcome = receiving.receive(Fixtures.inbound("s1", CAPULET, MONTAGUE), "abc");
                assertEquals(condition, outcome.error(), outcome.reason());
                assertTrue(outcome.reason().contains("connection refused"), outcome.reason());
            }
        }
    }

    @Test
    void outboundStreamsFailingExceptionallyIsRemoteConnectionFailedNotAnException() {
        montague.with(new Fixtures.FakeOutboundStreams(q -> CompletableFuture.failedFuture(
                new java.net.ConnectException("Connection refused"))));
        DialbackOutcome outcome = montague.receive(Fixtures.inbound("s1", CAPULET, MONTAGUE), "abc");
        assertEquals(DialbackError.REMOTE_CONNECTION_FAILED, outcome.error());
        assertTrue(outcome.reason().contains("Connection refused"), outcome.reason());
    }

    @Test
    void outboundStreamsThrowingIsRemoteConnectionFailedNotAnException() {
        montague.with(new Fixtures.FakeOutboundStreams(q -> {
            throw new IllegalStateException("host bug");
        }));
        assertEquals(DialbackError.REMOTE_CONNECTION_FAILED,
                montague.receive(Fixtures.inbound("s1", CAPULET, MONTAGUE), "abc").error());
    }

    /** A mandatory reference would block activation; without the host's service the answer says why. */
    @Test
    void withoutOutboundStreamsTheAnswerIsInternalServerErrorNamingTheMissingService() {
        DialbackOutcome outcome = montague.receive(Fixtures.inbound("s1", CAPULET, MONTAGUE), "abc");
        assertEquals(DialbackError.INTERNAL_SERVER_ERROR, outcome.error());
        assertTrue(outcome.reason().contains("OutboundStreams"), outcome.reason());
    }

    /** XEP-0220 §2.2.1 / §2.5 item-not-found: the target domain is not ours. */
    @Test
    void unknownTargetDomainIsItemNotFoundSection221() {
        var relay = Fixtures.FakeOutboundStreams.relayingTo(capulet.service);
        montague.with(Fixtures.settings("hosted-domains", MONTAGUE + ", chat." + MONTAGUE)).with(relay);

        DialbackOutcome outcome = montague.receive(Fixtures.inbound("s1", CAPULET, "elsewhere.example"), "abc");

        assertEquals(DialbackError.ITEM_NOT_FOUND, outcome.error());
        assertEquals("cancel", outcome.error().errorType());
        assertEquals(0, relay.sent());
    }

    /** XEP-0220 §2.6 / RFC 7712 §4.4: each domain pair on a multiplexed stream is judged on its own. */
    @Test
    void multiplexedDomainPairsAreJudgedIndependentlySection26() {
        montague.with(Fixtures.settings("mode", "allowed")).with(Fixtures.FakeOutboundStreams.relayingTo(capulet.service));
        String stream = "417GAF25";
        String good = capulet.service.key(MONTAGUE, CAPULET, stream);
        String goodRooms = capulet.service.key(MONTAGUE, "rooms." + CAPULET, stream);
        String goodChat = capulet.service.key("chat." + MONTAGUE, CAPULET, stream);
        String bad = DialbackKeys.compute("not the secret of capulet", MONTAGUE, "spoofed.example", stream);

        var first = montague.service.receiveResult(Fixtures.inbound(stream, CAPULET, MONTAGUE), good);
        var second = montague.service.receiveResult(Fixtures.inbound(stream, "spoofed.example", MONTAGUE), bad);
        var third = montague.service.receiveResult(Fixtures.inbound(stream, "rooms." + CAPULET, MONTAGUE), goodRooms);
        var fourth = montague.service.receiveResult(Fixtures.inbound(stream, CAPULET, "chat." + MONTAGUE), goodChat);

        assertEquals(DialbackResultType.VALID, ServiceHarness.await(first.toCompletableFuture(), java.time.Duration.ofSeconds(5)).type());
        assertEquals(DialbackResultType.INVALID, ServiceHarness.await(second.toCompletableFuture(), java.time.Duration.ofSeconds(5)).type());
        assertEquals(DialbackResultType.VALID, ServiceHarness.await(third.toCompletableFuture(), java.time.Duration.ofSeconds(5)).type(),
                "sender multiplexing, XEP-0220 §2.6.1");
        assertEquals(DialbackResultType.VALID, ServiceHarness.await(fourth.toCompletableFuture(), java.time.Duration.ofSeconds(5)).type(),
                "target multiplexing, XEP-0220 §2.6.2");
    }

    /** A db:result for a pair already verified on the stream is verified afresh, never from a cached verdict. */
    @Test
    void reverificationOfAVerifiedPairAsksTheAuthoritativeServerAgain() {
        var relay = Fixtures.FakeOutboundStreams.relayingTo(capulet.service);
        montague.with(relay);
        String key = capulet.service.key(MONTAGUE, CAPULET, "s-re");
        assertEquals(DialbackResultType.VALID, montague.receive(Fixtures.inbound("s-re", CAPULET, MONTAGUE), key).type());
        assertEquals(DialbackResultType.VALID, montague.receive(Fixtures.inbound("s-re", CAPULET, MONTAGUE), key).type());
        assertEquals(2, relay.sent());
    }

    /** The same request twice while the first is still out costs one round trip, and both get the answer. */
    @Test
    void duplicatePendingRequestShareOneRoundTrip() {
        CompletableFuture<VerifyAnswer> answer = new CompletableFuture<>();
        var streams = new Fixtures.FakeOutboundStreams(q -> answer);
        montague.with(streams);
        CompletionStage<DialbackOutcome> one = montague.service.receiveResult(Fixtures.inbound("s2", CAPULET, MONTAGUE), "k1");
        CompletionStage<DialbackOutcome> two = montague.service.receiveResult(Fixtures.inbound("s2", CAPULET, MONTAGUE), "k1");
        answer.complete(new VerifyAnswer(DialbackResultType.VALID, null, "ok"));
        assertEquals(DialbackResultType.VALID, ServiceHarness.await(one.toCompletableFuture(), java.time.Duration.ofSeconds(5)).type());
        assertEquals(DialbackResultType.VALID, ServiceHarness.await(two.toCompletableFuture(), java.time.Duration.ofSeconds(5)).type());
        assertEquals(1, streams.sent());
    }

    /** Never block the caller: the stage is returned before the authoritative server answers. */
    @Test
    void receiveResultReturnsBeforeTheAuthoritativeServerAnswers() {
        CompletableFuture<VerifyAnswer> answer = new CompletableFuture<>();
        montague.with(new Fixtures.FakeOutboundStreams(q -> answer));
        CompletionStage<DialbackOutcome> stage = montague.service.receiveResult(Fixtures.inbound("s3", CAPULET, MONTAGUE), "k");
        assertFalse(stage.toCompletableFuture().isDone());
        answer.complete(new VerifyAnswer(DialbackResultType.INVALID, null, "no"));
        assertEquals(DialbackResultType.INVALID, ServiceHarness.await(stage.toCompletableFuture(), java.time.Duration.ofSeconds(5)).type());
    }

    @Test
    void callerCannotCompleteTheSharedVerificationForOthers() {
        CompletableFuture<VerifyAnswer> answer = new CompletableFuture<>();
        montague.with(new Fixtures.FakeOutboundStreams(q -> answer));
        var one = montague.service.receiveResult(Fixtures.inbound("s4", CAPULET, MONTAGUE), "k").toCompletableFuture();
        one.complete(new DialbackOutcome(DialbackResultType.VALID, null, "forced by a caller", false));
        var two = montague.service.receiveResult(Fixtures.inbound("s4", CAPULET, MONTAGUE), "k").toCompletableFuture();
        answer.complete(new VerifyAnswer(DialbackResultType.INVALID, null, "no"));
        assertEquals(DialbackResultType.INVALID, ServiceHarness.await(two, java.time.Duration.ofSeconds(5)).type());
    }

    /** XEP-0344 §2.4 "dialback without dialback": a certificate proven for the sender domain answers at once. */
    @Test
    void provenCertificateForTheSenderDomainAnswersWithoutRoundTripXep0344Section24() {
        var relay = Fixtures.FakeOutboundStreams.relayingTo(capulet.service);
        montague.with(relay);
        DialbackOutcome outcome = montague.receive(Fixtures.inbound("s5", CAPULET, MONTAGUE, true, false,
                Fixtures.verified(CAPULET), List.of()), "any key at all");
        assertEquals(DialbackResultType.VALID, outcome.type());
        assertTrue(outcome.shortcut());
        assertEquals(0, relay.sent());
        assertTrue(outcome.reason().contains("pkix"), outcome.reason());
    }

    /** XEP-0344 §2.6: same certificate at the authoritative server, naming the sender domain: no db:verify. */
    @Test
    void sameCertificateAtTheAuthoritativeServerSkipsTheRoundTripXep0344Section26() {
        IssuedCertificate cert = TestCa.create("untrusted CA").issue(CAPULET).dnsName(CAPULET).build();
        var relay = Fixtures.FakeOutboundStreams.relayingTo(capulet.service).presentingCertificate(cert.certificate());
        montague.with(relay);
        montague.clock.advance(java.time.Duration.between(montague.clock.instant(), java.time.Instant.now()));

        DialbackOutcome outcome = montague.receive(Fixtures.inbound("s6", CAPULET, MONTAGUE, true, false,
                Fixtures.unverified(CAPULET), cert.chain()), "not even a real key");

        assertEquals(DialbackResultType.VALID, outcome.type(), outcome.reason());
        assertTrue(outcome.shortcut());
        assertEquals(0, relay.sent());
    }

    @Test
    void differentCertificateAtTheAuthoritativeServerFallsBackToDbVerifyXep0344Section26() {
        TestCa ca = TestCa.create("untrusted CA");
        IssuedCertificate presented = ca.issue(CAPULET).dnsName(CAPULET).build();
        IssuedCertificate other = ca.issue(CAPULET).dnsName(CAPULET).build();
        var relay = Fixtures.FakeOutboundStreams.relayingTo(capulet.service).presentingCertificate(other.certificate());
        montague.with(relay);
        montague.clock.advance(java.time.Duration.between(montague.clock.instant(), java.time.Instant.now()));

        DialbackOutcome outcome = montague.receive(Fixtures.inbound("s7", CAPULET, MONTAGUE, true, false,
                Fixtures.unverified(CAPULET), presented.chain()), capulet.service.key(MONTAGUE, CAPULET, "s7"));

        assertEquals(DialbackResultType.VALID, outcome.type());
        assertFalse(outcome.shortcut());
        assertEquals(1, relay.sent());
    }

    /** XEP-0344 §2.6: "the Receiving Server MUST still check that the hostname in the certificate matches". */
    @Test
    void sameCertificateNotNamingTheSenderDomainIsNoShortcutXep0344Section26() {
        IssuedCertificate cert = TestCa.create("untrusted CA").issue("elsewhere").dnsName("elsewhere.example").build();
        var relay = Fixtures.FakeOutboundStreams.answering(new VerifyAnswer(DialbackResultType.INVALID, null, "no"))
                .presentingCertificate(cert.certificate());
        montague.with(relay);
        montague.clock.advance(java.time.Duration.between(montague.clock.instant(), java.time.Instant.now()));

        DialbackOutcome outcome = montague.receive(Fixtures.inbound("s8", CAPULET, MONTAGUE, true, false,
                Fixtures.unverified(CAPULET), cert.chain()), "k");

        assertEquals(DialbackResultType.INVALID, outcome.type());
        assertEquals(0, relay.certificateRequests, "not even asked: the certificate does not name " + CAPULET);
        assertEquals(1, relay.sent());
    }

    /** XEP-0220 §2.5 policy-violation: no dialback in plaintext unless the TLS policy permits it. */
    @Test
    void plaintextStreamIsPolicyViolationUnlessPermittedSection25() {
        var relay = Fixtures.FakeOutboundStreams.relayingTo(capulet.service);
        montague.with(relay);
        String key = capulet.service.key(MONTAGUE, CAPULET, "p1");
        DialbackOutcome refused = montague.receive(Fixtures.inbound("p1", CAPULET, MONTAGUE, false, false, null, List.of()), key);
        assertEquals(DialbackError.POLICY_VIOLATION, refused.error());
        assertEquals(0, relay.sent());

        DialbackOutcome permitted = montague.receive(Fixtures.inbound("p1", CAPULET, MONTAGUE, false, true, null, List.of()), key);
        assertEquals(DialbackResultType.VALID, permitted.type(), permitted.reason());
    }

    /** XEP-0220 §2.5 not-authorized: mode=never with an unproven certificate. */
    @Test
    void modeNeverRefusesUnprovenPeerWithNotAuthorizedSection25() {
        var relay = Fixtures.FakeOutboundStreams.relayingTo(capulet.service);
        montague.with(Fixtures.settings("mode", "never")).with(relay);
        DialbackOutcome outcome = montague.receive(Fixtures.inbound("n1", CAPULET, MONTAGUE),
                capulet.service.key(MONTAGUE, CAPULET, "n1"));
        assertEquals(DialbackError.NOT_AUTHORIZED, outcome.error());
        assertEquals("auth", outcome.error().errorType());
        assertTrue(outcome.reason().contains("mode=never"), outcome.reason());
        assertEquals(0, relay.sent());
    }

    @Test
    void rejectedCertificateIsNeverWorkedAroundByDialback() {
        var relay = Fixtures.FakeOutboundStreams.relayingTo(capulet.service);
        montague.with(Fixtures.settings("mode", "allowed", "dialback-domains", CAPULET)).with(relay);
        DialbackOutcome outcome = montague.receive(Fixtures.inbound("r1", CAPULET, MONTAGUE, true, false,
                Fixtures.rejected(CAPULET), List.of()), capulet.service.key(MONTAGUE, CAPULET, "r1"));
        assertEquals(DialbackError.NOT_AUTHORIZED, outcome.error());
        assertEquals(0, relay.sent());
    }

    @Test
    void validOutcomeCarriesNoErrorCondition() {
        montague.with(Fixtures.FakeOutboundStreams.relayingTo(capulet.service));
        DialbackOutcome outcome = montague.receive(Fixtures.inbound("v1", CAPULET, MONTAGUE),
                capulet.service.key(MONTAGUE, CAPULET, "v1"));
        assertNull(outcome.error());
    }
}
