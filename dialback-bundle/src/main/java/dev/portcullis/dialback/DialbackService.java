package dev.portcullis.dialback;

import dev.portcullis.api.dialback.Dialback;
import dev.portcullis.api.dialback.DialbackContext;
import dev.portcullis.api.dialback.DialbackDecision;
import dev.portcullis.api.dialback.DialbackOutcome;
import dev.portcullis.api.dialback.OutboundStreams;
import dev.portcullis.api.store.SharedStore;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * {@link Dialback} in its three roles (XEP-0220 §2), assembled from its parts with everything injected:
 * settings and secrets as suppliers (they change with the configuration), the host's {@link OutboundStreams}
 * as a supplier (an optional dynamic reference), a scheduler for timeouts and a clock.
 */
final class DialbackService implements Dialback {

    private final Supplier<DialbackSettings> settings;
    private final Supplier<KeyRing> keyRing;
    private final ReceivingRole receiving;
    private final AuthoritativeRole authoritative;

    DialbackService(Supplier<DialbackSettings> settings, Supplier<KeyRing> keyRing,
                    Supplier<OutboundStreams> outboundStreams, ScheduledExecutorService scheduler, Clock clock,
                    DialbackAudit audit) {
        this(settings, keyRing, outboundStreams, () -> null, scheduler, clock, audit);
    }

    DialbackService(Supplier<DialbackSettings> settings, Supplier<KeyRing> keyRing,
                    Supplier<OutboundStreams> outboundStreams, Supplier<SharedStore> sharedStore,
                    ScheduledExecutorService scheduler, Clock clock, DialbackAudit audit) {
        this.settings = settings;
        this.keyRing = keyRing;
        this.receiving = new ReceivingRole(settings, outboundStreams, sharedStore, scheduler, clock, audit);
        this.authoritative = new AuthoritativeRole(settings, keyRing, clock, audit);
    }

    @Override
    public DialbackDecision permits(DialbackContext context) {
        Objects.requireNonNull(context, "context");
        return DialbackPolicy.decide(context, settings.get()).decision();
    }

    /** Originating role (XEP-0220 §2.1.1): stateless, so any host of the cluster can verify it (XEP-0185 §2). */
    @Override
    public String key(String receivingDomain, String originatingDomain, String streamId) {
        Objects.requireNonNull(receivingDomain, "receivingDomain");
        Objects.requireNonNull(originatingDomain, "originatingDomain");
        Objects.requireNonNull(streamId, "streamId");
        if (streamId.isBlank()) {
            throw new IllegalArgumentException("no stream ID: the receiving server's stream header must carry an id "
                    + "(RFC 6120 §4.7.3) before a dialback key can be made (XEP-0185 §2)");
        }
        return keyRing.get().key(receivingDomain, originatingDomain, streamId);
    }

    @Override
    public CompletionStage<DialbackOutcome> receiveResult(DialbackContext context, String key) {
        Objects.requireNonNull(context, "context");
        return receiving.receiveResult(context, key);
    }

    @Override
    public DialbackOutcome answerVerify(String receivingDomain, String originatingDomain, String streamId, String key) {
        return authoritative.answerVerify(receivingDomain, originatingDomain, streamId, key);
    }

    /** Completes pending verifications; see {@link ReceivingRole#close()}. */
    void close() {
        receiving.close();
    }
}
