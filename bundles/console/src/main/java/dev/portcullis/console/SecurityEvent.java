package dev.portcullis.console;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One security event as posted under {@code dev/portcullis/*} (see {@code PortcullisEvents}).
 *
 * @param received   when the console received it
 * @param topic      the event topic, e.g. {@code dev/portcullis/dna/CERTIFICATE_CHANGED}
 * @param properties its properties as text, in a stable order
 */
record SecurityEvent(Instant received, String topic, Map<String, String> properties) {
    SecurityEvent {
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(topic, "topic");
        properties = Map.copyOf(properties);
    }

    /** The last topic segment, e.g. {@code CERTIFICATE_CHANGED}. */
    String kind() {
        int slash = topic.lastIndexOf('/');
        return slash < 0 ? topic : topic.substring(slash + 1);
    }

    /** Warnings an admin should look at: everything except a successful authentication. */
    boolean alarming() {
        return !kind().equals("AUTHENTICATED");
    }
}
