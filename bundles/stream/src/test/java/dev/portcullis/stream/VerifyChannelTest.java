package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.dialback.DialbackResultType;
import dev.portcullis.api.dialback.VerifyAnswer;
import dev.portcullis.api.dialback.VerifyQuery;
import dev.portcullis.api.dna.Verification;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * An outbound stream carries db:verify (XEP-0220 §2.1.2) only once its peer is judged: the TLS review passed and
 * the domain verifier did not veto the certificate (RFC 7712 §4). Until then a query waits; a veto fails it
 * without it ever being sent, so no answer from a peer about to be refused can count.
 */
class VerifyChannelTest {

    private static CompletableFuture<VerifyAnswer> verifyWhileJudging(Link link, List<CompletableFuture<Verification>> held) {
        link.alpha.fakeVerifier.held = held; // alpha's verifier answers late
        link.start();
        assertEquals(SessionState.VERIFYING, link.out.session.state());
        String key = link.beta.fakeDialback.key(TestPki.ALPHA, TestPki.BETA, "sid-1");
        CompletableFuture<VerifyAnswer> answer = link.out.session.verify(
                new VerifyQuery(TestPki.ALPHA, TestPki.BETA, "sid-1", key)).toCompletableFuture();
        link.pump();
        assertEquals(0, link.beta.fakeDialback.verifiesAnswered, "no db:verify before the peer is judged");
        assertFalse(answer.isDone());
        assertFalse(link.out.session.peerJudged(), "its certificate must not stand in for an answer either");
        return answer;
    }

    @Test
    void sendsNoDbVerifyBeforeThePeerIsJudged_xep0220_2_1_2_rfc7712_4() {
        Link link = Link.standard();
        List<CompletableFuture<Verification>> held = new ArrayList<>();
        CompletableFuture<VerifyAnswer> answer = verifyWhileJudging(link, held);
        held.forEach(f -> f.complete(null));
        link.pump();
        assertEquals(1, link.beta.fakeDialback.verifiesAnswered);
        assertEquals(DialbackResultType.VALID, answer.join().type());
        assertTrue(link.out.session.peerJudged());
    }

    @Test
    void aLateDaneVetoFailsAWaitingDbVerifyWithoutSendingIt_rfc7712_4() {
        Link link = Link.standard();
        link.alpha.fakeVerifier.rejected.add(TestPki.BETA);
        List<CompletableFuture<Verification>> held = new ArrayList<>();
        CompletableFuture<VerifyAnswer> answer = verifyWhileJudging(link, held);
        held.forEach(f -> f.complete(null));
        link.pump();
        assertEquals(StreamErrorCondition.POLICY_VIOLATION, link.out.closedWith.condition());
        assertEquals(0, link.beta.fakeDialback.verifiesAnswered, "the vetoed stream never carried the query");
        assertEquals(DialbackResultType.ERROR, answer.join().type());
        assertFalse(link.out.session.peerJudged());
        assertTrue(answer.join().detail().contains("closed before an answer"), answer.join().detail());
    }
}
