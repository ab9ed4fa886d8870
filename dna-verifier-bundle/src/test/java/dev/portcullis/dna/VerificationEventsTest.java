package dev.portcullis.dna;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.Verification;
import dev.portcullis.api.dna.VerificationOutcome;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.api.event.PortcullisEvents;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

class VerificationEventsTest {

    @Test
    @DisplayName("every verifier answer is posted with its direction, outcome, prooftype and latency (RFC 7712)")
    void postsOutcomeProoftypeAndSeconds() {
        List<Event> events = new ArrayList<>();
        EventAdmin admin = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                events.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                events.add(event);
            }
        };
        VerificationRequest request = new VerificationRequest(Direction.INBOUND, "b.test", "a.test", List.of(), null, null);
        VerificationEvents.post(admin, request, new Verification("b.test", VerificationOutcome.VERIFIED, "dane", List.of(),
                null, null, "b.test proven by DANE"), 250_000_000L);
        VerificationEvents.post(admin, request, null, 1_000L);
        VerificationEvents.post(null, request, null, 1_000L); // no EventAdmin: nothing, no failure
        assertEquals(2, events.size());
        Event first = events.get(0);
        assertEquals(PortcullisEvents.VERIFIED, first.getTopic());
        assertEquals("INBOUND", first.getProperty(PortcullisEvents.PROP_DIRECTION));
        assertEquals("VERIFIED", first.getProperty(PortcullisEvents.PROP_OUTCOME));
        assertEquals("dane", first.getProperty(PortcullisEvents.PROP_PROOFTYPE));
        assertEquals(0.25, first.getProperty(PortcullisEvents.PROP_SECONDS));
        assertEquals("ERROR", events.get(1).getProperty(PortcullisEvents.PROP_OUTCOME));
        assertEquals(null, events.get(1).getProperty(PortcullisEvents.PROP_PROOFTYPE));
    }
}
