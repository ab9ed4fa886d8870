package dev.portcullis.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.event.PortcullisEvents;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class SecurityEventLogTest {
    @Test
    void keepsTheLastEventsNewestFirst() {
        SecurityEventLog log = new SecurityEventLog(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), 10);
        for (int i = 0; i < 15; i++) {
            log.handleEvent(new Event(PortcullisEvents.REFUSED, Map.of(PortcullisEvents.PROP_DOMAIN, "d" + i + ".test")));
        }
        log.handleEvent(new Event(PortcullisEvents.AUTHENTICATED, Map.of(PortcullisEvents.PROP_DOMAIN, "ok.test")));
        List<SecurityEvent> recent = log.recent();
        assertEquals(10, recent.size());
        assertEquals("ok.test", recent.get(0).properties().get("domain"));
        assertFalse(recent.get(0).alarming());
        assertEquals("d14.test", recent.get(1).properties().get("domain"));
        assertTrue(recent.get(1).alarming());
        assertEquals("REFUSED", recent.get(1).kind());
    }

    @Test
    void peerTextInAnEventIsEscapedAndBoundedOnArrival_Cwe117() {
        SecurityEventLog log = new SecurityEventLog(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), 10);
        String reason = "evil.test\n2026-12-07 INFO forged line" + "x".repeat(400_000);
        log.handleEvent(new Event(PortcullisEvents.REFUSED, Map.of(PortcullisEvents.PROP_REASON, reason)));
        String kept = log.recent().get(0).properties().get(PortcullisEvents.PROP_REASON);
        assertEquals(dev.portcullis.api.PeerText.message(reason).toString(), kept);
        assertFalse(kept.contains("\n"), kept);
        assertTrue(kept.startsWith("evil.test\\n2026-12-07 INFO forged line"), kept);
        assertTrue(kept.length() < 1100, "bounded: " + kept.length());
    }
}
