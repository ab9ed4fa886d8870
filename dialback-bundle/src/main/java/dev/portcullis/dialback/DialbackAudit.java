package dev.portcullis.dialback;

import dev.portcullis.api.event.PortcullisEvents;
import java.util.Map;
import java.util.function.Supplier;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the administrator what dialback did: log lines that name the peer, the stream and the rule, and
 * {@link PortcullisEvents#DIALBACK_INVALID} events for invalid keys (XEP-0220 §2.2.1: "ought to log the
 * attempt") when an EventAdmin is present.
 */
final class DialbackAudit {

    private static final Logger LOG = LoggerFactory.getLogger("dev.portcullis.dialback");

    private final Supplier<EventAdmin> eventAdmin;

    DialbackAudit(Supplier<EventAdmin> eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    /** A forged, replayed or stale key: warned and posted. */
    void invalidKey(String peerDomain, String streamId, String reason, String spec) {
        LOG.warn("Invalid dialback key (peer {}, stream {}): {} ({})", peerDomain, streamId, reason, spec);
        EventAdmin admin = eventAdmin.get();
        if (admin != null) {
            admin.postEvent(new Event(PortcullisEvents.DIALBACK_INVALID, Map.of(
                    PortcullisEvents.PROP_DOMAIN, peerDomain,
                    PortcullisEvents.PROP_STREAM, streamId,
                    PortcullisEvents.PROP_REASON, reason,
                    PortcullisEvents.PROP_SPEC, spec)));
        }
    }

    void verified(String reason) {
        LOG.info("Dialback: {}", reason);
    }

    void refused(String reason, String spec) {
        LOG.info("Dialback refused: {} ({})", reason, spec);
    }

    void trouble(String reason, String spec) {
        LOG.warn("Dialback failed: {} ({})", reason, spec);
    }

    void debug(String message, Object... args) {
        LOG.debug(message, args);
    }
}
