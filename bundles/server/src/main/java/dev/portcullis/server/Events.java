package dev.portcullis.server;

import dev.portcullis.api.Direction;
import dev.portcullis.api.PeerText;
import dev.portcullis.api.event.PortcullisEvents;
import dev.portcullis.api.stream.AuthMethod;
import dev.portcullis.stream.SecurityNote;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts {@link dev.portcullis.api.event.PortcullisEvents} asynchronously when an EventAdmin is bound; the
 * server works without one (the reference is optional).
 */
final class Events {
    private static final Logger LOG = LoggerFactory.getLogger(Events.class);

    final AtomicReference<EventAdmin> admin = new AtomicReference<>();

    /** {@link PortcullisEvents#AUTHENTICATED}: a peer domain was authenticated on a stream. */
    void authenticated(String peerDomain, Direction direction, AuthMethod method, String streamId) {
        post(PortcullisEvents.AUTHENTICATED, Map.of(PortcullisEvents.PROP_DOMAIN, peerDomain,
                PortcullisEvents.PROP_DIRECTION, direction.name(), PortcullisEvents.PROP_METHOD, method.name(),
                PortcullisEvents.PROP_STREAM, streamId == null ? "" : streamId));
    }

    /** {@link PortcullisEvents#TLS_HANDSHAKE}: a handshake passed the policy after {@code duration}. */
    void tlsHandshake(Direction direction, String protocol, java.time.Duration duration) {
        Map<String, Object> p = new HashMap<>();
        p.put(PortcullisEvents.PROP_DIRECTION, direction.name());
        p.put(PortcullisEvents.PROP_PROTOCOL, protocol);
        p.put(PortcullisEvents.PROP_SECONDS, duration.toNanos() / 1e9);
        post(PortcullisEvents.TLS_HANDSHAKE, p);
    }

    /**
     * A stream's security note as an event for alerting: policy violations, and every refusal as
     * {@link PortcullisEvents#REFUSED}. Certificate changes are posted by the verifier itself, and
     * {@link PortcullisEvents#DIALBACK_INVALID} by the dialback service for each key it finds invalid
     * (XEP-0220 §2.2.1), so the host's note of the same key is logged, not posted again (one bad key counts once).
     * The domain is the peer's, else the 'from' it claimed (escaped and bounded: the peer chose it), else its
     * address.
     */
    void note(SecurityNote note, String peerAddress) {
        String topic = switch (note.kind()) {
            case POLICY_VIOLATION -> PortcullisEvents.POLICY_VIOLATION;
            case CERTIFICATE_CHANGED, PLAINTEXT, DIALBACK_INVALID -> null;
            default -> PortcullisEvents.REFUSED;
        };
        if (topic == null) {
            return;
        }
        Map<String, Object> p = new HashMap<>();
        p.put(PortcullisEvents.PROP_DOMAIN, note.peerDomain() != null ? note.peerDomain()
                : note.claimedFrom() != null ? PeerText.of(note.claimedFrom()).toString() : peerAddress);
        p.put(PortcullisEvents.PROP_REASON, note.message());
        p.put(PortcullisEvents.PROP_SPEC, note.specSection());
        p.put(PortcullisEvents.PROP_STREAM, note.streamId() == null ? "" : note.streamId());
        post(topic, p);
    }

    void post(String topic, Map<String, ?> properties) {
        EventAdmin ea = admin.get();
        if (ea == null) {
            return;
        }
        try {
            Map<String, Object> props = new java.util.HashMap<>();
            properties.forEach((k, v) -> {
                if (v != null) {
                    props.put(k, v);
                }
            });
            ea.postEvent(new Event(topic, props));
        } catch (RuntimeException e) {
            // EventAdmin being stopped; an event is not worth failing a stream for
            LOG.debug("cannot post {}", topic, e);
        }
    }
}
