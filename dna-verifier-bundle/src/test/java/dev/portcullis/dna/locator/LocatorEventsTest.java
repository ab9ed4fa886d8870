package dev.portcullis.dna.locator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.api.event.PortcullisEvents;
import dev.portcullis.dna.DnssecTestTree;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** The locator posts each lookup's DNSSEC status, and a bogus answer as an alert too (RFC 7673 §3), over real BIND. */
class LocatorEventsTest {

    @Test
    @DisplayName("each lookup posts LOCATED with its SRV DNSSEC status; a bogus one also DNSSEC_BOGUS (RFC 7673 §3)")
    void postsDnssecStatusOfEachLookupAndBogusAsAlert() throws Exception {
        DnssecTestTree tree = DnssecTestTree.get();
        List<Event> events = new CopyOnWriteArrayList<>();
        PeerLocatorComponent locator = new PeerLocatorComponent(Map.of("dns.servers", "127.0.0.1:" + tree.bind.port(),
                "dns.trust-anchors", tree.bind.trustAnchorFile().toString(), "dns.timeout-ms", "3000"));
        locator.bindEventAdmin(new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                events.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                events.add(event);
            }
        });
        try {
            for (String domain : List.of("good.test", "unsigned.test", "bogus.test")) {
                locator.locate(domain).toCompletableFuture().get(20, TimeUnit.SECONDS);
            }
        } finally {
            locator.deactivate();
        }
        List<String> seen = events.stream().map(e -> e.getTopic().substring(e.getTopic().lastIndexOf('/') + 1) + " "
                + e.getProperty(PortcullisEvents.PROP_DOMAIN) + " " + e.getProperty(PortcullisEvents.PROP_DNSSEC)).toList();
        assertEquals(List.of("LOCATED good.test SECURE", "LOCATED unsigned.test INSECURE", "LOCATED bogus.test BOGUS",
                "DNSSEC_BOGUS bogus.test BOGUS"), seen);
        assertEquals(PortcullisEvents.MEASUREMENTS + "/dna/LOCATED", events.get(0).getTopic());
        assertEquals("dev/portcullis/dna/DNSSEC_BOGUS", events.get(3).getTopic());
    }
}
