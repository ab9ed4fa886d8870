package dev.portcullis.dialback;

import dev.portcullis.api.dialback.DialbackContext;
import dev.portcullis.api.dialback.DialbackError;
import dev.portcullis.api.dialback.DialbackOutcome;
import dev.portcullis.api.dialback.DialbackResultType;
import dev.portcullis.api.dialback.OutboundStreams;
import dev.portcullis.api.dialback.VerifyAnswer;
import dev.portcullis.api.dialback.VerifyQuery;
import dev.portcullis.api.store.SharedStore;
import dev.portcullis.dna.core.names.NameMatcher;
import dev.portcullis.dna.core.names.PresentedIdentifiers;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The receiving role (XEP-0220 §2.2.1, with §2.1.2 towards the authoritative server): judges one incoming
 * {@code db:result}. In order: malformed key, unknown target domain (item-not-found), per-stream rate limit
 * (resource-constraint), policy (policy-violation / not-authorized), XEP-0344 §2.4 certificate shortcut,
 * replay guard, XEP-0344 §2.6 same-certificate shortcut, and finally the {@code db:verify} round trip through
 * the host's {@link OutboundStreams} under {@code verify.timeout} (remote-server-timeout). Each domain pair is
 * judged on its own (XEP-0220 §2.6); nothing blocks the caller; the stage never completes exceptionally.
 */
final class ReceivingRole {

    /** Keys longer than this are no dialback keys (XEP-0185 keys are 64 hex digits); refused unread. */
    static final int MAX_KEY_LENGTH = 1024;

    private record Pending(String streamId, String originatingDomain, String receivingDomain, String key) {
    }

    private final Supplier<DialbackSettings> settings;
    private final Supplier<OutboundStreams> outboundStreams;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final DialbackAudit audit;
    private final ResultRateLimiter limiter = new ResultRateLimiter();
    private final ReplayGuard replayGuard;
    private final SharedReplayGuard sharedReplayGuard = new SharedReplayGuard(Duration.ofHours(1));
    private final Supplier<SharedStore> sharedStore;
    private final Map<Pending, CompletableFuture<DialbackOutcome>> pending = new ConcurrentHashMap<>();

    ReceivingRole(Supplier<DialbackSettings> settings, Supplier<OutboundStreams> outboundStreams,
                  ScheduledExecutorService scheduler, Clock clock, DialbackAudit audit) {
        this(settings, outboundStreams, () -> null, scheduler, clock, audit);
    }

    ReceivingRole(Supplier<DialbackSettings> settings, Supplier<OutboundStreams> outboundStreams,
                  Supplier<SharedStore> sharedStore, ScheduledExecutorService scheduler, Clock clock,
                  DialbackAudit audit) {
        this.sharedStore = sharedStore;
        this.settings = settings;
        this.outboundStreams = outboundStreams;
        this.scheduler = scheduler;
        this.clock = clock;
        this.audit = audit;
        this.replayGuard = new ReplayGuard(100_000, Duration.ofHours(1));
    }

    CompletionStage<DialbackOutcome> receiveResult(DialbackContext c, String key) {
        try {
            return judge(c, key);
        } catch (RuntimeException e) {
            // The contract: never exceptionally. A bug here must not leave a peer waiting forever.
            String reason = "internal error judging the db:result from " + c.originatingDomain() + " to "
                    + c.receivingDomain() + " on stream " + c.streamId() + ": " + e;
            audit.trouble(reason, "XEP-0220 §2.5 (internal-server-error)");
            return CompletableFuture.completedFuture(error(DialbackError.INTERNAL_SERVER_ERROR, reason));
        }
    }

    private CompletionStage<DialbackOutcome> judge(DialbackContext c, String key) {
        DialbackSettings s = settings.get();
        String pair = c.originatingDomain() + " -> " + c.receivingDomain() + " on stream " + c.streamId();

        if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            String reason = "the db:result for " + pair + " carries " + (key == null || key.isBlank() ? "no key"
                    : "a key of " + key.length() + " characters (at most " + MAX_KEY_LENGTH + ")");
            audit.invalidKey(c.originatingDomain(), c.streamId(), reason, "XEP-0220 §2.1.1, XEP-0185 §2");
            return done(new DialbackOutcome(DialbackResultType.INVALID, null, reason, false));
        }
        if (!s.hostedDomains().isEmpty() && s.hostedDomains().match(c.receivingDomain()) == null) {
            String reason = "the db:result for " + pair + " targets " + c.receivingDomain()
                    + ", which is not one of our hosted-domains (" + s.hostedDomains() + ")";
            audit.refused(reason, "XEP-0220 §2.2.1, §2.5 (item-not-found)");
            return done(error(DialbackError.ITEM_NOT_FOUND, reason));
        }
        ResultRateLimiter.Admission admission =
                limiter.admit(c.streamId(), clock.instant(), s.resultLimit(), s.resultWindow());
        if (admission != ResultRateLimiter.Admission.ADMITTED) {
            String reason = "too many db:result requests on stream " + c.streamId() + " from " + c.originatingDomain()
                    + ": more than " + s.resultLimit() + " per " + s.resultWindow()
                    + " (result.limit / result.window); the peer should open a new stream";
            if (admission == ResultRateLimiter.Admission.REFUSED_FIRST) {
                audit.trouble(reason, "XEP-0220 §2.5 (resource-constraint), RFC 6120 §8.3.3.18");
            }
            return done(error(DialbackError.RESOURCE_CONSTRAINT, reason));
        }
        DialbackPolicy.Ruling ruling = DialbackPolicy.decide(c, s);
        if (!ruling.decision().permitted()) {
            audit.refused(ruling.decision().reason(), ruling.decision().specSection());
            return done(error(ruling.refusal(), ruling.decision().reason()));
        }
        if (ruling.certificateShortcut()) {
            audit.verified(ruling.decision().reason() + " (" + ruling.decision().specSection() + ")");
            return done(new DialbackOutcome(DialbackResultType.VALID, null, ruling.decision().reason(), true));
        }
        ReplayGuard.Presentation presentation =
                replayGuard.present(key, c.streamId(), c.originatingDomain(), c.receivingDomain(), clock.instant());
        if (presentation == ReplayGuard.Presentation.REPLAYED) {
            String reason = "the key in the db:result for " + pair + " was already presented for "
                    + replayGuard.firstSeen(key) + "; a key binds one domain pair to one stream (XEP-0185 §2), so it "
                    + "was copied, not computed";
            audit.invalidKey(c.originatingDomain(), c.streamId(), reason, "XEP-0220 §3, XEP-0185 §2");
            return done(new DialbackOutcome(DialbackResultType.INVALID, null, reason, false));
        }
        SharedStore shared = sharedStore.get();
        if (shared != null && presentation == ReplayGuard.Presentation.FRESH) {
            // several nodes serve this domain: the key must be fresh on all of them (docs/STORE.md)
            return sharedReplayGuard.present(shared, key, c.streamId(), c.originatingDomain(), c.receivingDomain(),
                    clock.instant()).handle((verdict, failure) -> {
                        if (failure != null) {
                            // Fail closed: without the shared replay memory a copied key could pass on this node.
                            String reason = "cannot check the key in the db:result for " + pair + " against the "
                                    + "other nodes' replay memory: " + rootMessage(failure) + "; answered with a "
                                    + "temporary error until the shared store is reachable (docs/STORE.md)";
                            audit.trouble(reason, "XEP-0220 §2.5 (resource-constraint), XEP-0185 §2");
                            return done(error(DialbackError.RESOURCE_CONSTRAINT, reason));
                        }
                        if (verdict.presentation() == ReplayGuard.Presentation.REPLAYED) {
                            String reason = "the key in the db:result for " + pair + " was already presented for "
                                    + verdict.firstSeen() + "; a key binds one domain pair to one stream (XEP-0185 §2), "
                                    + "so it was copied, not computed";
                            audit.invalidKey(c.originatingDomain(), c.streamId(), reason, "XEP-0220 §3, XEP-0185 §2");
                            return done(new DialbackOutcome(DialbackResultType.INVALID, null, reason, false));
                        }
                        return roundTripOnce(c, key, pair, s);
                    }).thenCompose(stage -> stage)
                    .exceptionally(e -> error(DialbackError.INTERNAL_SERVER_ERROR, "internal error judging the "
                            + "db:result for " + pair + ": " + rootMessage(e)));
        }
        return roundTripOnce(c, key, pair, s);
    }

    private CompletionStage<DialbackOutcome> roundTripOnce(DialbackContext c, String key, String pair,
                                                           DialbackSettings s) {
        Pending id = new Pending(c.streamId(), c.originatingDomain(), c.receivingDomain(), key.trim());
        CompletableFuture<DialbackOutcome> result = new CompletableFuture<>();
        CompletableFuture<DialbackOutcome> already = pending.putIfAbsent(id, result);
        if (already != null) {
            // The same request again while the first is still out: one round trip answers both.
            return already.thenApply(o -> o);
        }
        result.whenComplete((o, e) -> pending.remove(id, result));
        verify(c, key.trim(), pair, s, result);
        return result.thenApply(o -> o);
    }

    private void verify(DialbackContext c, String key, String pair, DialbackSettings s,
                        CompletableFuture<DialbackOutcome> result) {
        OutboundStreams out = outboundStreams.get();
        if (out == null) {
            String reason = "cannot ask the authoritative server of " + c.originatingDomain() + " to verify " + pair
                    + ": no OutboundStreams service is registered (the host's s2s component is not running or does "
                    + "not support dialback); start it and the peer's next attempt will be verified";
            audit.trouble(reason, "XEP-0220 §2.1.2, §2.5 (internal-server-error)");
            result.complete(error(DialbackError.INTERNAL_SERVER_ERROR, reason));
            return;
        }
        try {
            ScheduledFuture<?> timer = scheduler.schedule(() -> {
                String reason = "the authoritative server of " + c.originatingDomain() + " did not answer the db:verify for "
                        + pair + " within " + s.verifyTimeout() + " (verify.timeout)";
                if (result.complete(error(DialbackError.REMOTE_SERVER_TIMEOUT, reason))) {
                    audit.trouble(reason, "XEP-0220 §2.5 (remote-server-timeout), RFC 6120 §8.3.3.17");
                }
            }, s.verifyTimeout().toNanos(), TimeUnit.NANOSECONDS);
            result.whenComplete((o, e) -> timer.cancel(false));
        } catch (RejectedExecutionException e) {
            result.complete(error(DialbackError.INTERNAL_SERVER_ERROR,
                    "dialback is shutting down; cannot verify " + pair));
            return;
        }
        sameCertificate(c, out)
                .thenCompose(same -> same
                        ? CompletableFuture.completedFuture(sameCertificateOutcome(c, pair))
                        : roundTrip(out, c, key, pair))
                .whenComplete((outcome, failure) -> {
                    DialbackOutcome o = failure == null ? outcome : error(DialbackError.REMOTE_CONNECTION_FAILED,
                            "asking the authoritative server of " + c.originatingDomain() + " about " + pair
                                    + " failed: " + rootCause(failure));
                    if (!result.complete(o)) {
                        // Answer after the timeout: nobody asked for it any more (XEP-0220 §3.1).
                        audit.debug("Ignoring late dialback answer for {}: {}", dev.portcullis.api.PeerText.of(pair),
                                dev.portcullis.api.PeerText.message(o.reason()));
                    } else if (o.type() == DialbackResultType.ERROR) {
                        audit.trouble(o.reason(), "XEP-0220 §2.5 (" + o.error().condition() + ")");
                    }
                });
    }

    /** XEP-0344 §2.6: is the authoritative server's certificate the one the initiating server presented? */
    private CompletionStage<Boolean> sameCertificate(DialbackContext c, OutboundStreams out) {
        if (c.peerChain().isEmpty() || !c.tlsProtected()) {
            return CompletableFuture.completedFuture(false);
        }
        X509Certificate presented = c.peerChain().get(0);
        try {
            presented.checkValidity(Date.from(clock.instant()));
        } catch (CertificateException e) {
            return CompletableFuture.completedFuture(false);
        }
        // "the Receiving Server MUST still check that the hostname in the certificate matches" (XEP-0344 §2.6),
        // by the RFC 6125 §6.4 rules the dna-verifier applies
        if (NameMatcher.match(PresentedIdentifiers.of(presented), c.originatingDomain(), List.of()).isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        CompletionStage<Optional<X509Certificate>> answer;
        try {
            answer = out.authoritativeCertificate(c.receivingDomain(), c.originatingDomain());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(false);
        }
        if (answer == null) {
            return CompletableFuture.completedFuture(false);
        }
        return answer.handle((authoritative, failure) -> failure == null && authoritative != null
                && authoritative.isPresent() && sameEncoding(presented, authoritative.get()));
    }

    private static boolean sameEncoding(X509Certificate a, X509Certificate b) {
        try {
            return Arrays.equals(a.getEncoded(), b.getEncoded());
        } catch (CertificateEncodingException e) {
            return false;
        }
    }

    /**
     * Completes every verification still out, so no peer waits for a component that is going away (bundle
     * update or stop); remote-server-timeout is of type wait, so the initiating server tries again.
     */
    void close() {
        for (CompletableFuture<DialbackOutcome> future : pending.values()) {
            future.complete(error(DialbackError.REMOTE_SERVER_TIMEOUT,
                    "the dialback component stopped (bundle update or shutdown) before the authoritative server answered"));
        }
    }

    private DialbackOutcome sameCertificateOutcome(DialbackContext c, String pair) {
        String reason = "the authoritative server of " + c.originatingDomain() + " presented the same certificate as "
                + "the initiating server, and it names " + c.originatingDomain() + ": " + pair
                + " is valid without a db:verify round trip";
        audit.verified(reason + " (XEP-0344 §2.6)");
        return new DialbackOutcome(DialbackResultType.VALID, null, reason, true);
    }

    /** XEP-0220 §2.1.2: {@code <db:verify from=receiving to=originating id=stream>key</db:verify>}. */
    private CompletionStage<DialbackOutcome> roundTrip(OutboundStreams out, DialbackContext c, String key, String pair) {
        VerifyQuery query = new VerifyQuery(c.receivingDomain(), c.originatingDomain(), c.streamId(), key);
        CompletionStage<VerifyAnswer> answer;
        try {
            answer = out.verify(query);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (answer == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("OutboundStreams.verify returned null"));
        }
        return answer.thenApply(a -> interpret(a, c, pair));
    }

    private DialbackOutcome interpret(VerifyAnswer answer, DialbackContext c, String pair) {
        if (answer == null) {
            throw new IllegalStateException("OutboundStreams.verify completed with null");
        }
        switch (answer.type()) {
            case VALID -> {
                String reason = "the authoritative server of " + c.originatingDomain() + " confirmed the key for " + pair;
                audit.verified(reason + " (XEP-0220 §2.1.2)");
                return new DialbackOutcome(DialbackResultType.VALID, null, reason, false);
            }
            case INVALID -> {
                String reason = "the authoritative server of " + c.originatingDomain() + " says the key for " + pair
                        + " is invalid: the initiating server is spoofing " + c.originatingDomain()
                        + " or is misconfigured (" + answer.detail() + ")";
                audit.invalidKey(c.originatingDomain(), c.streamId(), reason, "XEP-0220 §2.2.1");
                return new DialbackOutcome(DialbackResultType.INVALID, null, reason, false);
            }
            default -> {
                DialbackError condition = answer.error();
                if (condition == DialbackError.REMOTE_CONNECTION_FAILED || condition == DialbackError.REMOTE_SERVER_NOT_FOUND
                        || condition == DialbackError.REMOTE_SERVER_TIMEOUT) {
                    return error(condition, "could not reach the authoritative server of " + c.originatingDomain()
                            + " to verify " + pair + ": " + answer.detail());
                }
                // XEP-0220 §2.5: "If an error is encountered in Step 3 ..., the Receiving Server MUST send a
                // <remote-server-not-found/> dialback error to the Initiating Server."
                return error(DialbackError.REMOTE_SERVER_NOT_FOUND, "the authoritative server of " + c.originatingDomain()
                        + " answered the db:verify for " + pair + " with an error ("
                        + (condition == null ? "no condition" : condition.condition()) + ": " + answer.detail() + ")");
            }
        }
    }

    private static DialbackOutcome error(DialbackError condition, String reason) {
        return new DialbackOutcome(DialbackResultType.ERROR, condition, reason, false);
    }

    private static CompletionStage<DialbackOutcome> done(DialbackOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }

    private static String rootMessage(Throwable t) {
        Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        return String.valueOf(cause.getMessage());
    }

    private static String rootCause(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.toString();
    }
}
