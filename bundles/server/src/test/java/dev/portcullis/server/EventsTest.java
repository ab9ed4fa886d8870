package dev.portcullis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.event.PortcullisEvents;
import dev.portcullis.stream.SecurityNote;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Which events the host posts for a stream's security notes, and with which properties. */
class EventsTest {
    private final List<Event> posted = new ArrayList<>();
    private final Events events = new Events();

    EventsTest() {
        events.admin.set(new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                posted.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                posted.add(event);
            }
        });
    }

    private Event only() {
        assertEquals(1, posted.size(), posted::toString);
        return posted.get(0);
    }

    @Test
    @DisplayName("an invalid dialback key is posted once, by the dialback service, not again by the host (XEP-0220 §2.2.1)")
    void anInvalidKeyNoteIsNotPostedAgain_xep0220_2_2_1() {
        events.note(new SecurityNote(SecurityNote.Kind.DIALBACK_INVALID, "s1", "forger.test",
                "dialback key for beta.test|forger.test is invalid", "XEP-0220 §2.2.1"), "127.0.0.1");
        assertEquals(List.of(), posted, "DialbackAudit posts dev/portcullis/dialback/INVALID for this key");
    }

    @Test
    @DisplayName("a dialback that failed other than by an invalid key is posted as a refusal with its clause (XEP-0220 §2.5)")
    void aFailedDialbackIsPostedAsARefusal_xep0220_2_5() {
        events.note(new SecurityNote(SecurityNote.Kind.DIALBACK_FAILED, "s1", "peer.test",
                "dialback for beta.test|peer.test failed: timeout", "XEP-0220 §2.5"), "127.0.0.1");
        Event e = only();
        assertEquals(PortcullisEvents.REFUSED, e.getTopic());
        assertEquals("XEP-0220 §2.5", e.getProperty(PortcullisEvents.PROP_SPEC));
        assertEquals("peer.test", e.getProperty(PortcullisEvents.PROP_DOMAIN));
    }

    @Test
    @DisplayName("a plaintext dialback refused by the TLS policy is posted as a refusal (RFC 7590 §3.1)")
    void aPlaintextDialbackRefusalIsPosted_rfc7590_3_1() {
        events.note(new SecurityNote(SecurityNote.Kind.TLS_REFUSED, "s1", "peer.test",
                "peer.test sent a db:result without TLS", "RFC 7590 §3.1"), "127.0.0.1");
        Event e = only();
        assertEquals(PortcullisEvents.REFUSED, e.getTopic());
        assertEquals("RFC 7590 §3.1", e.getProperty(PortcullisEvents.PROP_SPEC));
    }

    @Test
    @DisplayName("a refused 'from' is the event's domain, escaped and bounded, as the peer chose it (RFC 6120 §4.9.3.9)")
    void theClaimedFromIsEscapedAndBounded_rfc6120_4_9_3_9() {
        String claim = "evil.test\n2026-12-08 INFO forged line " + "x".repeat(5000);
        events.note(new SecurityNote(SecurityNote.Kind.PROTOCOL_VIOLATION, "s1", null,
                "<invalid-from/> the s2s stream header from 192.0.2.1 lacks a valid 'from' domain", "RFC 6120 §4.9.3.9",
                claim), "192.0.2.1");
        String domain = (String) only().getProperty(PortcullisEvents.PROP_DOMAIN);
        assertEquals(dev.portcullis.api.PeerText.of(claim).toString(), domain);
        assertTrue(domain.startsWith("evil.test\\n2026-12-08"), domain);
        assertTrue(domain.length() < 400, "bounded: " + domain.length());
    }

    @Test
    @DisplayName("without a domain or a claim, the event names the peer's address")
    void withoutDomainOrClaimTheAddressIsNamed() {
        events.note(new SecurityNote(SecurityNote.Kind.PROTOCOL_VIOLATION, null, null, "<restricted-xml/> a DTD",
                "RFC 6120 §4.9.3.18"), "192.0.2.1");
        assertEquals("192.0.2.1", only().getProperty(PortcullisEvents.PROP_DOMAIN));
    }
}
