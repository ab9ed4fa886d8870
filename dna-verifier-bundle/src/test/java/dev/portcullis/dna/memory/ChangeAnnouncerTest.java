package dev.portcullis.dna.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.dna.CertificateChange;
import dev.portcullis.api.dna.CertificateChangeKind;
import dev.portcullis.api.event.PortcullisEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** A new key posts dev/portcullis/dna/CERTIFICATE_CHANGED (RFC 7590 §3.6); a same-key renewal does not. */
class ChangeAnnouncerTest {
    private final List<Event> posted = new ArrayList<>();
    private final EventAdmin events = new EventAdmin() {
        @Override
        public void postEvent(Event event) {
            posted.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            posted.add(event);
        }
    };

    private static CertificateChange change(CertificateChangeKind kind) {
        Instant t = Instant.parse("2026-11-21T12:00:00Z");
        return new CertificateChange(kind, "peer.test", "AA:BB", "CC:DD", t, t, false);
    }

    @Test
    void postsTheChangeWithItsPropertiesRfc7590Section36() {
        new ChangeAnnouncer(() -> events).accept(change(CertificateChangeKind.CHANGED));
        assertEquals(1, posted.size());
        Event e = posted.get(0);
        assertEquals(PortcullisEvents.CERTIFICATE_CHANGED, e.getTopic());
        assertEquals("peer.test", e.getProperty(PortcullisEvents.PROP_DOMAIN));
        assertEquals("AA:BB", e.getProperty(PortcullisEvents.PROP_FINGERPRINT));
        assertEquals("CC:DD", e.getProperty(PortcullisEvents.PROP_PREVIOUS_FINGERPRINT));
        assertEquals(false, e.getProperty(PortcullisEvents.PROP_PROVEN));
    }

    @Test
    void aRenewalOverTheSameKeyIsNotAnAlarm() {
        new ChangeAnnouncer(() -> events).accept(change(CertificateChangeKind.RENEWED_SAME_KEY));
        assertTrue(posted.isEmpty());
    }

    @Test
    void worksWithoutEventAdmin() {
        new ChangeAnnouncer(() -> null).accept(change(CertificateChangeKind.CHANGED));
        assertTrue(posted.isEmpty());
    }
}
