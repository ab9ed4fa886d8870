package dev.portcullis.dna;

import dev.portcullis.api.dna.CertificateChange;
import dev.portcullis.api.dna.CertificateChangeKind;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.Prooftype;
import dev.portcullis.api.dna.Verification;
import dev.portcullis.api.dna.VerificationOutcome;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.dna.core.fingerprint.Fingerprints;
import dev.portcullis.dna.memory.CertificateRecorder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs the configured prooftypes concurrently (RFC 7712 §7), takes the decision as soon as waiting cannot
 * change it, applies the certificate memory (RFC 7590 §3.6) and caches the evidence. Each (local domain,
 * peer domain) pair is verified on its own (RFC 7712 §4.4 piggybacking, §6 multi-tenancy).
 */
final class VerifierEngine {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VerifierEngine.class);
    private final DnaSettings settings;
    private final Clock clock;
    private final Function<String, Optional<Prooftype>> prooftypes;
    private final CertificateRecorder memory;
    private final ScheduledExecutorService scheduler;
    private final VerificationCache cache;

    VerifierEngine(DnaSettings settings, Clock clock, Function<String, Optional<Prooftype>> prooftypes,
                   CertificateRecorder memory, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.clock = clock;
        this.prooftypes = prooftypes;
        this.memory = memory;
        this.scheduler = scheduler;
        this.cache = new VerificationCache(clock);
    }

    VerificationCache cache() {
        return cache;
    }

    /** The configuration this engine runs under; cached evidence only carries over under the same one. */
    String configuration() {
        return settings.toString();
    }

    /** The configured prooftypes, in order of preference. */
    List<String> prooftypes() {
        return settings.prooftypes();
    }

    CompletionStage<Verification> verify(VerificationRequest request) {
        String key = cacheKey(request);
        VerificationCache.Cached cached = key == null ? null : cache.get(key);
        if (cached != null) {
            return CompletableFuture.completedFuture(conclude(request, cached.results()));
        }
        List<String> order = settings.prooftypes();
        Map<String, ProofResult> answered = new ConcurrentHashMap<>();
        CompletableFuture<List<ProofResult>> done = new CompletableFuture<>();
        for (String name : order) {
            Optional<Prooftype> p = prooftypes.apply(name);
            if (p.isEmpty()) {
                record(order, answered, done, new ProofResult(name, ProofStatus.ERROR, "no prooftype named '" + name
                        + "' is registered; install its bundle or remove it from prooftypes in dev.portcullis.dna.cfg",
                        "RFC 7712 §7", null));
                continue;
            }
            CompletionStage<ProofResult> stage;
            try {
                stage = p.get().prove(request);
            } catch (RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            stage.whenComplete((result, failure) -> record(order, answered, done, failure == null && result != null
                    ? result : new ProofResult(name, ProofStatus.ERROR, "prooftype " + name + " failed for "
                    + request.peerDomain() + ": " + failure, "RFC 7712 §7", null)));
        }
        java.util.concurrent.ScheduledFuture<?> timeout = scheduler.schedule(() -> {
            for (String name : order) {
                answered.putIfAbsent(name, new ProofResult(name, ProofStatus.ERROR, "prooftype " + name + " gave no "
                        + "answer for " + request.peerDomain() + " within " + settings.verifyTimeout().toMillis()
                        + " ms (verify.timeout-ms)", "RFC 7712 §7", null));
            }
            done.complete(inOrder(order, answered));
        }, settings.verifyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        done.whenComplete((r, e) -> timeout.cancel(false));
        return done.thenApply(results -> {
            if (key != null && results.size() == order.size()) {
                cache.put(key, results);
            }
            return conclude(request, results);
        });
    }

    private static void record(List<String> order, Map<String, ProofResult> answered,
                               CompletableFuture<List<ProofResult>> done, ProofResult result) {
        answered.putIfAbsent(result.prooftype(), result);
        if (Decision.settled(order, answered)) {
            done.complete(inOrder(order, answered));
        }
    }

    private static List<ProofResult> inOrder(List<String> order, Map<String, ProofResult> answered) {
        List<ProofResult> results = new ArrayList<>();
        for (String name : order) {
            ProofResult r = answered.get(name);
            if (r != null) {
                results.add(r);
            }
        }
        return results;
    }

    private Verification conclude(VerificationRequest request, List<ProofResult> results) {
        String peer = request.peerDomain();
        Decision.Outcome d = Decision.decide(peer, results);
        VerificationOutcome outcome = d.outcome();
        String provenBy = d.provenBy();
        String reason = d.reason();
        CertificateChange change = null;
        if (!request.chain().isEmpty()) {
            // the memory learns only what a prooftype proved for this domain (CertificateRecorder#observe)
            boolean proven = outcome == VerificationOutcome.VERIFIED;
            try {
                change = memory.observe(peer, request.chain().get(0), proven);
            } catch (RuntimeException e) {
                // the memory must not turn a peer's odd certificate into a failed stage; the decision stands
                LOG.error("The certificate memory could not record the certificate of {}: {}",
                        dev.portcullis.api.PeerText.of(peer), e.toString());
                return new Verification(peer, outcome, provenBy, results, null,
                        until(results), reason);
            }
            if (!proven && change.kind() == CertificateChangeKind.CHANGED && settings.onCertificateChange()
                    == DnaSettings.CertificateChangePolicy.REQUIRE_PROOF) {
                outcome = VerificationOutcome.REJECTED;
                provenBy = null;
                reason = peer + " is refused: it presents a new key (" + change.currentFingerprint() + ", before "
                        + change.previousFingerprint() + ") that no prooftype proves, and on-certificate-change is "
                        + "require-proof (RFC 7590 §3.6)";
            }
        }
        return new Verification(peer, outcome, provenBy, results, change, until(results), reason);
    }

    private Instant until(List<ProofResult> results) {
        Instant until = VerificationCache.earliest(results);
        return until != null ? until : clock.instant();
    }

    private static String cacheKey(VerificationRequest r) {
        if (r.chain().isEmpty()) {
            return null;
        }
        return r.direction() + "|" + (r.localDomain() == null ? "" : r.localDomain().toLowerCase(Locale.ROOT)) + "|"
                + r.peerDomain().toLowerCase(Locale.ROOT) + "|" + Fingerprints.certificate(r.chain().get(0)) + "|"
                + (r.endpoint() == null ? "" : r.endpoint().host() + ":" + r.endpoint().port() + ":"
                + r.endpoint().dnssec());
    }
}
