package dev.portcullis.dialback;

import static dev.portcullis.dialback.Fixtures.CAPULET;
import static dev.portcullis.dialback.Fixtures.MONTAGUE;
import static dev.portcullis.dialback.Fixtures.MONTAGUE_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.dialback.DialbackError;
import dev.portcullis.api.dialback.DialbackOutcome;
import dev.portcullis.api.dialback.DialbackResultType;
import dev.portcullis.api.event.PortcullisEvents;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The authoritative role (XEP-0220 §2.2.2) and the originating role's key (§2.1.1), with montague.example as
 * the authoritative server, secret "d14lb4ck43v3r", as in the XEP's examples.
 */
class AuthoritativeRoleTest {

    private final ServiceHarness montague = new ServiceHarness(MONTAGUE_SECRET);

    @AfterEach
    void stop() {
        montague.close();
    }

    /**
     * XEP-0220 §2.2.2, Example 13/14:
     * <pre>
     * recv: &lt;db:verify from='capulet.example' id='417GAF25' to='montague.example'&gt;
     *        225cc5aa6a071133249d25fef42ae516fc7a86c523aa1c6980a7f73e784c972d
     *      &lt;/db:verify&gt;
     * send: &lt;db:verify from='montague.example' id='417GAF25' to='capulet.example' type='valid'/&gt;
     * </pre>
     */
    @Test
    void confirmsTheXep0220Example14KeySection222() {
        DialbackOutcome outcome = montague.service.answerVerify(CAPULET, MONTAGUE, "417GAF25",
                "\n       225cc5aa6a071133249d25fef42ae516fc7a86c523aa1c6980a7f73e784c972d\n     ");
        assertEquals(DialbackResultType.VALID, outcome.type(), outcome.reason());
        assertNull(outcome.error());
    }

    /** XEP-0220 §2.1.1: the originating role sends the key the authoritative role will confirm. */
    @Test
    void originatingKeyIsTheOneTheAuthoritativeRoleConfirmsSection211() {
        String key = montague.service.key(CAPULET, MONTAGUE, "417GAF25");
        assertEquals("225cc5aa6a071133249d25fef42ae516fc7a86c523aa1c6980a7f73e784c972d", key);
        assertEquals(DialbackResultType.VALID, montague.service.answerVerify(CAPULET, MONTAGUE, "417GAF25", key).type());
    }

    @Test
    void originatingRoleRefusesToMakeAKeyWithoutStreamId() {
        assertThrows(IllegalArgumentException.class, () -> montague.service.key(CAPULET, MONTAGUE, " "));
        assertThrows(NullPointerException.class, () -> montague.service.key(CAPULET, null, "id"));
    }

    /** XEP-0220 §2.2.2 Example 15: a key for another stream ID is invalid, logged and posted. */
    @Test
    void forgedKeyIsInvalidLoggedAndPostedSection222() {
        String forStream = montague.service.key(CAPULET, MONTAGUE, "417GAF25");
        DialbackOutcome outcome = montague.service.answerVerify(CAPULET, MONTAGUE, "417GAF26", forStream);

        assertEquals(DialbackResultType.INVALID, outcome.type());
        assertEquals(1, montague.events.events.size());
        var event = montague.events.events.get(0);
        assertEquals(PortcullisEvents.DIALBACK_INVALID, event.getTopic());
        assertEquals(CAPULET, event.getProperty(PortcullisEvents.PROP_DOMAIN));
        assertEquals("417GAF26", event.getProperty(PortcullisEvents.PROP_STREAM));
        assertTrue(String.valueOf(event.getProperty(PortcullisEvents.PROP_REASON)).contains("share one secret"));
    }

    @Test
    void keyForAnotherDomainPairIsInvalid() {
        String key = montague.service.key(CAPULET, MONTAGUE, "417GAF25");
        assertEquals(DialbackResultType.INVALID,
                montague.service.answerVerify(CAPULET, "chat." + MONTAGUE, "417GAF25", key).type());
        assertEquals(DialbackResultType.INVALID,
                montague.service.answerVerify("evil.example", MONTAGUE, "417GAF25", key).type());
    }

    /** XEP-0220 §2.2.2 / §2.5: a db:verify about a domain we do not host is item-not-found, not a stream error. */
    @Test
    void verifyForADomainWeDoNotHostIsItemNotFoundSection222() {
        montague.with(Fixtures.settings("hosted-domains", MONTAGUE));
        DialbackOutcome outcome = montague.service.answerVerify(CAPULET, "capulet.example", "417GAF25", "abc");
        assertEquals(DialbackError.ITEM_NOT_FOUND, outcome.error());
    }

    @Test
    void malformedVerifyRequestsAreInvalidNotExceptions() {
        assertEquals(DialbackResultType.INVALID, montague.service.answerVerify(CAPULET, MONTAGUE, "417GAF25", "").type());
        assertEquals(DialbackResultType.INVALID, montague.service.answerVerify(CAPULET, MONTAGUE, "417GAF25", null).type());
        assertEquals(DialbackResultType.INVALID, montague.service.answerVerify(null, MONTAGUE, "417GAF25", "abc").type());
        assertEquals(DialbackResultType.INVALID, montague.service.answerVerify(CAPULET, MONTAGUE, "", "abc").type());
        assertEquals(DialbackResultType.INVALID,
                montague.service.answerVerify(CAPULET, MONTAGUE, "417GAF25", "a".repeat(100_000)).type());
    }

    /** After a rotation the previous secret's keys are valid during the grace period only. */
    @Test
    void previousSecretIsAcceptedDuringItsGracePeriodOnly() {
        String oldKey = montague.service.key(CAPULET, MONTAGUE, "417GAF25");
        var now = montague.clock.instant();
        montague.keyRing.set(new KeyRing("a brand new secret of enough length", "test", MONTAGUE_SECRET, now,
                now.plus(Duration.ofHours(1))));

        DialbackOutcome during = montague.service.answerVerify(CAPULET, MONTAGUE, "417GAF25", oldKey);
        assertEquals(DialbackResultType.VALID, during.type());
        assertTrue(during.reason().contains("previous secret"), during.reason());
        String newKey = montague.service.key(CAPULET, MONTAGUE, "417GAF25");
        assertEquals(DialbackResultType.VALID, montague.service.answerVerify(CAPULET, MONTAGUE, "417GAF25", newKey).type());

        montague.clock.advance(Duration.ofHours(1));
        assertEquals(DialbackResultType.INVALID, montague.service.answerVerify(CAPULET, MONTAGUE, "417GAF25", oldKey).type());
        assertEquals(DialbackResultType.VALID, montague.service.answerVerify(CAPULET, MONTAGUE, "417GAF25", newKey).type());
    }
}
