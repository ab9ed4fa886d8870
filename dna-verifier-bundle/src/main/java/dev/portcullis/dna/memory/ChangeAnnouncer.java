package dev.portcullis.dna.memory;

import dev.portcullis.api.dna.CertificateChange;
import dev.portcullis.api.event.PortcullisEvents;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the administrator about a peer's new certificate (RFC 7590 §3.6): a warning for a new key, plus the
 * {@link PortcullisEvents#CERTIFICATE_CHANGED} event when EventAdmin is present; a renewal over the same key is
 * only logged.
 */
final class ChangeAnnouncer implements Consumer<CertificateChange> {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeAnnouncer.class);

    private final Supplier<EventAdmin> events;

    ChangeAnnouncer(Supplier<EventAdmin> events) {
        this.events = events;
    }

    @Override
    public void accept(CertificateChange change) {
        if (!change.warning()) {
            LOG.info("{} renewed its certificate over the same key: now {}", dev.portcullis.api.PeerText.of(change.domain()),
                    change.currentFingerprint());
            return;
        }
        LOG.warn("The certificate of {} changed to a new key: now {}, before {} ({}). If {}'s administrator did not "
                + "announce a new certificate, check for an attack (RFC 7590 §3.6).",
                dev.portcullis.api.PeerText.of(change.domain()), change.currentFingerprint(), change.previousFingerprint(),
                change.proven() ? "the new certificate was proven" : "the new certificate was NOT proven",
                dev.portcullis.api.PeerText.of(change.domain()));
        EventAdmin ea = events.get();
        if (ea != null) {
            Map<String, Object> props = new HashMap<>();
            props.put(PortcullisEvents.PROP_DOMAIN, change.domain());
            props.put(PortcullisEvents.PROP_FINGERPRINT, change.currentFingerprint());
            props.put(PortcullisEvents.PROP_PREVIOUS_FINGERPRINT, change.previousFingerprint());
            props.put(PortcullisEvents.PROP_PROVEN, change.proven());
            ea.postEvent(new Event(PortcullisEvents.CERTIFICATE_CHANGED, props));
        }
    }
}
