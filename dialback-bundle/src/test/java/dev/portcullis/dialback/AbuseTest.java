package dev.portcullis.dialback;

import static dev.portcullis.dialback.Fixtures.CAPULET;
import static dev.portcullis.dialback.Fixtures.CAPULET_SECRET;
import static dev.portcullis.dialback.Fixtures.MONTAGUE;
import static dev.portcullis.dialback.Fixtures.MONTAGUE_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.dialback.DialbackError;
import dev.portcullis.api.dialback.DialbackOutcome;
import dev.portcullis.api.dialback.DialbackResultType;
import dev.portcullis.api.dialback.VerifyAnswer;
import dev.portcullis.api.event.PortcullisEvents;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hostile and broken peers: forged and replayed keys, floods, silent and unreachable authoritative servers. */
class AbuseTest {

    private final ServiceHarness capulet = new ServiceHarness(CAPULET_SECRET);
    private final ServiceHarness montague = new ServiceHarness(MONTAGUE_SECRET);

    @AfterEach
    void stop() {
        capulet.close();
        montague.close();
    }

    /** XEP-0220 §2.2.1: "The Receiving Server MUST NOT accept stanzas ... and ought to log the attempt." */
    @Test
    void forgedKeyIsInvalidAndPostsAnEventNamingThePeerSection221() {
        montague.with(Fixtures.FakeOutboundStreams.relayingTo(capulet.service));
        String forged = DialbackKeys.compute("attacker guesses a secret", MONTAGUE, CAPULET, "F1");

        DialbackOutcome outcome = montague.receive(Fixtures.inbound("F1", CAPULET, MONTAGUE), forged);

        assertEquals(DialbackResultType.INVALID, outcome.type());
        var event = montague.events.events.stream()
                .filter(e -> e.getTopic().equals(PortcullisEvents.DIALBACK_INVALID)).findFirst().orElseThrow();
        assertEquals(CAPULET, event.getProperty(PortcullisEvents.PROP_DOMAIN));
        assertEquals("F1", event.getProperty(PortcullisEvents.PROP_STREAM));
        assertTrue(String.valueOf(event.getProperty(PortcullisEvents.PROP_SPEC)).contains("XEP-0220 §2.2.1"));
    }

    /** XEP-0185 §2: a key binds one pair to one stream; a copy on another stream is invalid without asking anyone. */
    @Test
    void replayedKeyOnAnotherStreamIsInvalidWithoutARoundTrip() {
        var relay = Fixtures.FakeOutboundStreams.relayingTo(capulet.service);
        montague.with(relay);
        String key = capulet.service.key(MONTAGUE, CAPULET, "A1");
        assertEquals(DialbackResultType.VALID, montague.receive(Fixtures.inbound("A1", CAPULET, MONTAGUE), key).type());

        DialbackOutcome replay = montague.receive(Fixtures.inbound("B2", CAPULET, MONTAGUE), key);

        assertEquals(DialbackResultType.INVALID, replay.type());
        assertTrue(replay.reason().contains("already presented") && replay.reason().contains("stream A1"), replay.reason());
        assertEquals(1, relay.sent(), "the replay cost no db:verify");
        assertTrue(montague.events.events.stream().anyMatch(e -> "B2".equals(e.getProperty(PortcullisEvents.PROP_STREAM))));
    }

    @Test
    void replayedKeyForAnotherDomainPairOnTheSameStreamIsInvalid() {
        var relay = Fixtures.FakeOutboundStreams.relayingTo(capulet.service);
        montague.with(Fixtures.settings("mode", "allowed")).with(relay);
        String key = capulet.service.key(MONTAGUE, CAPULET, "A1");
        montague.receive(Fixtures.inbound("A1", CAPULET, MONTAGUE), key);
        assertEquals(DialbackResultType.INVALID, montague.receive(Fixtures.inbound("A1", "evil.example", MONTAGUE), key).type());
        assertEquals(1, relay.sent());
    }

    /** XEP-0220 §2.5 resource-constraint (RFC 6120 §8.3.3.18, type wait): a flood of db:result on one stream. */
    @Test
    void floodOfResultsOnOneStreamIsResourceConstraintSection25() {
        var relay = Fixtures.FakeOutboundStreams.answering(new VerifyAnswer(DialbackResultType.INVALID, null, "no"));
        montague.with(Fixtures.settings("mode", "allowed", "result.limit", "3", "result.window", "PT10S")).with(relay);

        for (int i = 0; i < 3; i++) {
            assertEquals(DialbackResultType.INVALID,
                    montague.receive(Fixtures.inbound("flood", "d" + i + ".example", MONTAGUE), "k" + i).type());
        }
        for (int i = 3; i < 50; i++) {
            DialbackOutcome refused = montague.receive(Fixtures.inbound("flood", "d" + i + ".example", MONTAGUE), "k" + i);
            assertEquals(DialbackError.RESOURCE_CONSTRAINT, refused.error());
            assertEquals("wait", refused.error().errorType());
        }
        assertEquals(3, relay.sent(), "refused requests reach no authoritative server");
        assertEquals(DialbackResultType.INVALID,
                montague.receive(Fixtures.inbound("other-stream", CAPULET, MONTAGUE), "k").type(), "other streams unaffected");

        montague.clock.advance(Duration.ofSeconds(10));
        assertEquals(DialbackResultType.INVALID,
                montague.receive(Fixtures.inbound("flood", "late.example", MONTAGUE), "k-late").type(), "a new window");
    }

    /** XEP-0220 §2.5 remote-server-timeout: an authoritative server that never answers. */
    @Test
    void silentAuthoritativeServerTimesOutWithRemoteServerTimeoutSection25() {
        montague.with(Fixtures.withTimeout(Fixtures.settings(), Duration.ofMillis(200)))
                .with(Fixtures.FakeOutboundStreams.neverAnswering());
        long start = System.nanoTime();

        DialbackOutcome outcome = montague.receive(Fixtures.inbound("T1", CAPULET, MONTAGUE), "k");

        assertEquals(DialbackError.REMOTE_SERVER_TIMEOUT, outcome.error());
        assertEquals("wait", outcome.error().errorType());
        assertTrue(outcome.reason().contains("verify.timeout"), outcome.reason());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofMillis(190)) >= 0);
    }

    /** XEP-0220 §3.1: an answer nobody waits for any more changes nothing. */
    @Test
    void answerArrivingAfterTheTimeoutIsIgnoredSection31() {
        CompletableFuture<VerifyAnswer> late = new CompletableFuture<>();
        montague.with(Fixtures.withTimeout(Fixtures.settings(), Duration.ofMillis(100)))
                .with(new Fixtures.FakeOutboundStreams(q -> late));
        var stage = montague.service.receiveResult(Fixtures.inbound("T2", CAPULET, MONTAGUE), "k").toCompletableFuture();
        assertEquals(DialbackError.REMOTE_SERVER_TIMEOUT, ServiceHarness.await(stage, Duration.ofSeconds(5)).error());

        late.complete(new VerifyAnswer(DialbackResultType.VALID, null, "too late"));

        assertEquals(DialbackError.REMOTE_SERVER_TIMEOUT, stage.join().error());
    }

    /** RFC 6120 §8.3.3.16 / XEP-0220 §2.5: the authoritative server's domain does not resolve. */
    @Test
    void unresolvableAuthoritativeServerIsRemoteServerNotFound() {
        montague.with(Fixtures.FakeOutboundStreams.answering(new VerifyAnswer(DialbackResultType.ERROR,
                DialbackError.REMOTE_SERVER_NOT_FOUND, "no SRV and no A/AAAA record for capulet.example")));
        DialbackOutcome outcome = montague.receive(Fixtures.inbound("U1", CAPULET, MONTAGUE), "k");
        assertEquals(DialbackError.REMOTE_SERVER_NOT_FOUND, outcome.error());
        assertTrue(outcome.reason().contains("no SRV"), outcome.reason());
    }

    @Test
    void oversizedOrEmptyKeyIsInvalidWithoutARoundTrip() {
        var relay = Fixtures.FakeOutboundStreams.relayingTo(capulet.service);
        montague.with(relay);
        assertEquals(DialbackResultType.INVALID,
                montague.receive(Fixtures.inbound("K1", CAPULET, MONTAGUE), "f".repeat(1_000_000)).type());
        assertEquals(DialbackResultType.INVALID, montague.receive(Fixtures.inbound("K2", CAPULET, MONTAGUE), "  \n ").type());
        assertEquals(DialbackResultType.INVALID, montague.receive(Fixtures.inbound("K3", CAPULET, MONTAGUE), null).type());
        assertEquals(0, relay.sent());
    }

    /** A bundle update must not leave a peer waiting: pending verifications complete with a retryable error. */
    @Test
    void stoppingCompletesPendingVerificationsWithARetryableError() {
        montague.with(Fixtures.FakeOutboundStreams.neverAnswering());
        var stage = montague.service.receiveResult(Fixtures.inbound("S1", CAPULET, MONTAGUE), "k").toCompletableFuture();
        assertFalse(stage.isDone());

        montague.service.close();

        DialbackOutcome outcome = ServiceHarness.await(stage, Duration.ofSeconds(1));
        assertEquals(DialbackError.REMOTE_SERVER_TIMEOUT, outcome.error());
    }
}
