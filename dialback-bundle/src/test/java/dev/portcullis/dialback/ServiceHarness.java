package dev.portcullis.dialback;

import dev.portcullis.testkit.MutableClock;
import dev.portcullis.api.dialback.DialbackContext;
import dev.portcullis.api.dialback.DialbackOutcome;
import dev.portcullis.api.dialback.OutboundStreams;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/** Builds {@link DialbackService}s the way the component does, with fakes for the host's parts. */
final class ServiceHarness implements AutoCloseable {

    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T20:00:00Z"));
    final Fixtures.RecordingEventAdmin events = new Fixtures.RecordingEventAdmin();
    final AtomicReference<DialbackSettings> settings = new AtomicReference<>(DialbackSettings.DEFAULTS);
    final AtomicReference<KeyRing> keyRing;
    final AtomicReference<OutboundStreams> outbound = new AtomicReference<>();
    final AtomicReference<dev.portcullis.api.store.SharedStore> shared = new AtomicReference<>();
    final DialbackService service;

    ServiceHarness(String secret) {
        keyRing = new AtomicReference<>(KeyRing.of(secret, "test"));
        service = new DialbackService(settings::get, keyRing::get, outbound::get, shared::get, scheduler, clock,
                new DialbackAudit(() -> events));
    }

    ServiceHarness with(dev.portcullis.api.store.SharedStore store) {
        shared.set(store);
        return this;
    }

    ServiceHarness with(DialbackSettings s) {
        settings.set(s);
        return this;
    }

    ServiceHarness with(OutboundStreams streams) {
        outbound.set(streams);
        return this;
    }

    /** Waits for the outcome; the role promises to complete, so a hang fails the test. */
    DialbackOutcome receive(DialbackContext context, String key) {
        return await(service.receiveResult(context, key).toCompletableFuture(), Duration.ofSeconds(5));
    }

    static <T> T await(java.util.concurrent.CompletableFuture<T> future, Duration limit) {
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("dialback did not complete within " + limit + ": " + e, e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
