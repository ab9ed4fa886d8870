package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** RFC 6120 §6.4.5: a bounded number of SASL retries, then the stream ends. */
class SaslRetriesTest {

    @Test
    void exceedingTheSaslRetriesClosesWithPolicyViolationRfc6120Section6_4_5() {
        Link link = Link.standard();
        link.alpha.fakeVerifier.held = new ArrayList<>(); // alpha stays in VERIFYING; the test speaks for it
        link.start();
        assertEquals(SessionState.FEATURES, link.in.session.state(), "beta offered SASL EXTERNAL over TLS");
        link.inToOutFilter = b -> ByteBuffer.allocate(0); // alpha's session must not react to the answers
        // "at least 2 and no more than 5" retries (§6.4.5)
        assertTrue(S2sSession.MAX_SASL_ATTEMPTS >= 3 && S2sSession.MAX_SASL_ATTEMPTS <= 6, "attempts " + S2sSession.MAX_SASL_ATTEMPTS);
        for (int attempt = 1; attempt < S2sSession.MAX_SASL_ATTEMPTS; attempt++) {
            link.out.session.sendXml("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGZvbwBiYXI=</auth>");
            link.pump();
            assertFalse(link.in.closed, "attempt " + attempt + " is answered with <failure/> and may be retried");
            assertEquals(SessionState.FEATURES, link.in.session.state());
        }
        link.out.session.sendXml("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGZvbwBiYXI=</auth>");
        link.pump();
        assertTrue(link.in.closed);
        assertEquals(StreamErrorCondition.POLICY_VIOLATION, link.in.closedWith.condition());
        assertEquals("alpha.test failed SASL " + S2sSession.MAX_SASL_ATTEMPTS + " times (RFC 6120 §6.4.5)",
                link.in.closedWith.text());
        assertTrue(link.in.authenticated.isEmpty());
        assertEquals(S2sSession.MAX_SASL_ATTEMPTS, link.in.notes.stream()
                .filter(n -> n.kind() == SecurityNote.Kind.SASL_FAILED).count(), link.in.notes.toString());
    }
}
