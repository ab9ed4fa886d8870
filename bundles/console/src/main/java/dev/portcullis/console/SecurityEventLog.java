package dev.portcullis.console;

import dev.portcullis.api.PeerText;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Keeps the last N events of {@code dev/portcullis/*} in memory for the console (authentications, refusals,
 * policy violations, certificate changes, invalid dialback keys). EventAdmin delivers asynchronously
 * ({@code postEvent}), so handling here never slows a stream.
 */
@Component(service = {SecurityEventLog.class, EventHandler.class}, configurationPid = "dev.portcullis.console",
        property = EventConstants.EVENT_TOPIC + "=dev/portcullis/*")
@Designate(ocd = ConsoleConfig.class)
public final class SecurityEventLog implements EventHandler {
    private final Clock clock;
    private final Deque<SecurityEvent> events = new ArrayDeque<>();
    private final EventTimeline timeline;
    private int capacity;

    @Activate
    public SecurityEventLog(ConsoleConfig config) {
        this(Clock.systemUTC(), config.events_kept());
    }

    SecurityEventLog(Clock clock, int capacity) {
        this.clock = clock;
        this.capacity = bounded(capacity);
        this.timeline = new EventTimeline(clock);
    }

    @Modified
    void modified(ConsoleConfig config) {
        synchronized (events) {
            capacity = bounded(config.events_kept());
            trim();
        }
    }

    @Override
    public void handleEvent(Event event) {
        Map<String, String> props = new TreeMap<>();
        for (String name : event.getPropertyNames()) {
            if (!name.equals(EventConstants.EVENT_TOPIC)) {
                // a peer chose most of these (domains, reasons, stream ids): escaped and bounded on arrival, so
                // neither a shown line nor the kept history can be forged or flooded (CWE-117)
                props.put(name, PeerText.message(String.valueOf(event.getProperty(name))).toString());
            }
        }
        SecurityEvent e = new SecurityEvent(clock.instant(), event.getTopic(), props);
        synchronized (events) {
            events.addFirst(e);
            trim();
        }
        timeline.record(e);
    }

    /** Per-minute counts of the last day, kept apart from the bounded list of full events. */
    EventTimeline timeline() {
        return timeline;
    }

    /** Newest first. */
    List<SecurityEvent> recent() {
        synchronized (events) {
            return Collections.unmodifiableList(new ArrayList<>(events));
        }
    }

    private void trim() {
        while (events.size() > capacity) {
            events.removeLast();
        }
    }

    private static int bounded(int n) {
        return Math.max(10, Math.min(10_000, n));
    }
}
