package dev.portcullis.dna;

import dev.portcullis.api.dna.Verification;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.api.event.PortcullisEvents;
import java.util.HashMap;
import java.util.Map;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** {@link PortcullisEvents#VERIFIED}: every answer of the verifier with its latency, for the metrics (RFC 7712). */
final class VerificationEvents {
    private VerificationEvents() {
    }

    /** Posts one answer; {@code verification} is {@code null} when the verification failed unexpectedly. */
    static void post(EventAdmin admin, VerificationRequest request, Verification verification, long nanos) {
        if (admin == null) {
            return;
        }
        Map<String, Object> p = new HashMap<>();
        p.put(PortcullisEvents.PROP_DOMAIN, request.peerDomain());
        p.put(PortcullisEvents.PROP_DIRECTION, request.direction().name());
        p.put(PortcullisEvents.PROP_OUTCOME, verification == null ? "ERROR" : verification.outcome().name());
        if (verification != null && verification.provenBy() != null) {
            p.put(PortcullisEvents.PROP_PROOFTYPE, verification.provenBy());
        }
        p.put(PortcullisEvents.PROP_SECONDS, nanos / 1e9);
        try {
            admin.postEvent(new Event(PortcullisEvents.VERIFIED, p));
        } catch (RuntimeException e) {
            // EventAdmin stopping: a metric is not worth failing a verification for
        }
    }
}
