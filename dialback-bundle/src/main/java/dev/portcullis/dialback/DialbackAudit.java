package dev.portcullis.dialback;

import dev.portcullis.api.PeerText;
import dev.portcullis.api.event.PortcullisEvents;
import java.util.Map;
import java.util.function.Supplier;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the administrator what dialback did: {@link PortcullisEvents#DIALBACK_INVALID} events for invalid keys
 * (XEP-0220 §2.2.1: "ought to log the attempt") when an EventAdmin is present, and debug lines that name the
 * peer, the stream and the rule. A peer triggers every one of these, as often as it likes: the host logs each
 * outcome's reason (returned in the {@code DialbackOutcome}/{@code DialbackDecision}) once, rate-limited per
 * peer address, so this bundle writes no line of its own at WARN (one line per event, so a
 * flood cannot roll the log away). Peer values are escaped and bounded with {@link PeerText} (CWE-117).
 */
final class DialbackAudit {

    private static final Logger LOG = LoggerFactory.getLogger("dev.portcullis.dialback");

    private final Supplier<EventAdmin> eventAdmin;

    DialbackAudit(Supplier<EventAdmin> eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    /** A forged, replayed or stale key: warned and posted. */
    void invalidKey(String peerDomain, String streamId, String reason, String spec) {
        LOG.debug("Invalid dialback key (peer {}, stream {}): {} ({})", PeerText.of(peerDomain), PeerText.of(streamId),
                PeerText.message(reason), spec);
        EventAdmin admin = eventAdmin.get();
        if (admin != null) {
            admin.postEvent(new Event(PortcullisEvents.DIALBACK_INVALID, Map.of(
                    PortcullisEvents.PROP_DOMAIN, peerDomain,
                    PortcullisEvents.PROP_STREAM, streamId,
                    PortcullisEvents.PROP_REASON, reason,
                    PortcullisEvents.PROP_SPEC, spec)));
        }
    }

    /**
     * {@link PortcullisEvents#DIALBACK_RESULT}: a key decided in the receiving role ({@code db:result}, XEP-0220
     * §2.1.2) or the authoritative role ({@code db:verify}, §2.1.3), for the metrics.
     */
    void result(String role, dev.portcullis.api.dialback.DialbackResultType type) {
        EventAdmin admin = eventAdmin.get();
        if (admin != null) {
            admin.postEvent(new Event(PortcullisEvents.DIALBACK_RESULT, Map.of(PortcullisEvents.PROP_ROLE, role,
                    PortcullisEvents.PROP_RESULT, type.name())));
        }
    }

    void verified(String reason) {
        LOG.debug("Dialback: {}", PeerText.message(reason));
    }

    void refused(String reason, String spec) {
        LOG.debug("Dialback refused: {} ({})", PeerText.message(reason), spec);
    }

    void trouble(String reason, String spec) {
        LOG.debug("Dialback failed: {} ({})", PeerText.message(reason), spec);
    }

    void debug(String message, Object... args) {
        LOG.debug(message, args);
    }
}
