package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The element half of an unauthenticated stream's budget (issue 11 item 6; RFC 6120 §4.9.3.14). */
class UnauthenticatedBudgetTest {
    private static final String VERIFY = "<db:verify from='alpha.test' to='beta.test' id='x'>00</db:verify>";

    @Test
    @DisplayName("unsolicited db:verify beyond the budget closes the stream with <policy-violation/> (RFC 6120 §4.9.3.14)")
    void unsolicitedVerifyFloodIsClosedAtTheBudget_Rfc6120_4_9_3_14() {
        Raw r = Raw.inbound(SessionConfig.defaults().withMaxStanzaBytes(4096).withMaxUnauthenticatedElements(10));
        r.send(Raw.HEADER);
        for (int i = 0; i < 10; i++) {
            r.send(VERIFY);
        }
        assertFalse(r.host.closed, "ten elements are within the budget");
        assertEquals(10, r.output.toString().split("<db:verify ", -1).length - 1, r.output::toString);
        r.send(VERIFY);
        r.assertStreamError(StreamErrorCondition.POLICY_VIOLATION);
        assertTrue(r.host.closedWith.adminText().contains("negotiation.max.elements"), r.host.closedWith::adminText);
        assertFalse(r.host.closedWith.peerText().contains("negotiation.max.elements"), "config keys are for the admin");
    }

    @Test
    @DisplayName("an authenticated stream is not counted")
    void authenticatedStreamHasNoElementBudget() {
        Raw r = Raw.inboundPlaintextPermitted();
        r.host.session = S2sSession.inbound(r.host, r.services, SessionConfig.defaults().withMaxStanzaBytes(4096)
                .withMaxUnauthenticatedElements(10), false, "127.0.0.1", 40000);
        r.host.session.start();
        r.authenticated();
        for (int i = 0; i < 50; i++) {
            r.send("<message from='juliet@alpha.test' to='romeo@beta.test'><body>hi</body></message>");
        }
        assertFalse(r.host.closed, r.output::toString);
        assertEquals(50, r.host.stanzas.size());
    }

    @Test
    void budgetMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> SessionConfig.defaults().withMaxUnauthenticatedElements(0));
    }
}
