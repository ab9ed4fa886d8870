package dev.portcullis.server;

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
