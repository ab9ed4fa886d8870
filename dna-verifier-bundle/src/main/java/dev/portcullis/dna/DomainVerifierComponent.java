package dev.portcullis.dna;

import dev.portcullis.api.PeerText;
import dev.portcullis.api.dna.DomainVerifier;
import dev.portcullis.api.dna.Prooftype;
import dev.portcullis.api.dna.Verification;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.api.store.SharedStore;
import dev.portcullis.api.store.StoreParticipant;
import dev.portcullis.dna.memory.CertificateRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DomainVerifier} service (RFC 7712). Picks up every {@link Prooftype} on the whiteboard and uses
 * those named in {@code prooftypes}. Owns the metatype of configuration {@value DnaSettings#PID} and logs its
 * rejections.
 */
@Component(service = {DomainVerifier.class, StoreParticipant.class}, configurationPid = DnaSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DnaConfig.class)
public final class DomainVerifierComponent implements DomainVerifier, StoreParticipant {
    private static final Logger LOG = LoggerFactory.getLogger(DomainVerifierComponent.class);

    private final ProoftypeRegistry registry = new ProoftypeRegistry();
    private final CertificateRecorder memory;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "portcullis-dna-verifier-timeouts");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<VerifierEngine> engine = new AtomicReference<>();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile org.osgi.service.event.EventAdmin eventAdmin;
    /** The verification cache survives restarts and bundle updates in the bundle data area. */
    static final String CACHE_FILE = "verification-cache.json";
    private final VerificationCacheFile cacheFile;
    /** How long after activation a verification waits for configured prooftypes that are not yet registered. */
    static final Duration STARTUP_GRACE = Duration.ofSeconds(3);
    private final Instant startupUntil = Instant.now().plus(STARTUP_GRACE);
    /** Present when dev.portcullis.store names a shared store (docs/STORE.md). */
    private SharedStore sharedStore;
    private SharedVerifications shared;

    @Activate
    public DomainVerifierComponent(BundleContext context, Map<String, Object> properties,
                                   @Reference CertificateRecorder memory) {
        this.memory = memory;
        this.cacheFile = new VerificationCacheFile(context.getDataFile(CACHE_FILE).toPath());
        try {
            apply(DnaSettings.parse(properties));
        } catch (DnaSettings.Rejected e) {
            // Fail closed: the built-in defaults (system trust, every prooftype) may trust wider than the
            // rejected file; every verification is refused until a valid file arrives.
            LOG.error(e.logLine(properties).replace("; the previous configuration stays in force", "")
                    + "; there is no valid configuration yet, so every peer is refused verification until the "
                    + "file is corrected (it applies as soon as it is saved)");
        }
    }

    @Modified
    void modified(Map<String, Object> properties) {
        try {
            apply(DnaSettings.parse(properties));
        } catch (DnaSettings.Rejected e) {
            LOG.error(e.logLine(properties));
        }
    }

    private void apply(DnaSettings settings) {
        VerifierEngine next = new VerifierEngine(settings, Clock.systemUTC(), registry::get, memory, scheduler);
        cacheFile.loadInto(next.configuration(), next.cache(), Instant.now());
        engine.set(next);
        share();
        LOG.info("Domain verification with prooftypes {} (on certificate change: {})", settings.prooftypes(),
                settings.onCertificateChange().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }

    /** Attaches the engine in force to the shared store, if there is one. */
    private synchronized void share() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
        VerifierEngine e = engine.get();
        if (sharedStore != null && e != null) {
            shared = new SharedVerifications(sharedStore, e.cache(), e.configuration());
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSharedStore(SharedStore store) {
        synchronized (this) {
            sharedStore = store;
        }
        share();
    }

    void unbindSharedStore(SharedStore store) {
        synchronized (this) {
            if (sharedStore == store) {
                sharedStore = null;
            }
        }
        share();
    }

    @Override
    public String name() {
        return "verification cache";
    }

    @Override
    public synchronized CompletionStage<Integer> migrate(SharedStore target) {
        return shared == null ? java.util.concurrent.CompletableFuture.completedFuture(0) : shared.migrate();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addProoftype(Prooftype prooftype, Map<String, Object> properties) {
        registry.add(prooftype, properties);
    }

    void updatedProoftype(Prooftype prooftype, Map<String, Object> properties) {
        registry.add(prooftype, properties); // a changed service.ranking or name takes effect at once
    }

    void removeProoftype(Prooftype prooftype) {
        registry.remove(prooftype);
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            if (shared != null) {
                shared.close();
                shared = null;
            }
        }
        VerifierEngine e = engine.get();
        if (e == null) {
            scheduler.shutdownNow();
            return;
        }
        cacheFile.save(e.configuration(), e.cache().snapshot());
        scheduler.shutdownNow();
    }

    @Override
    public CompletionStage<Verification> verify(VerificationRequest request) {
        VerifierEngine e = engine.get();
        if (e == null) {
            return java.util.concurrent.CompletableFuture.completedFuture(new Verification(request.peerDomain(),
                    dev.portcullis.api.dna.VerificationOutcome.REJECTED, null, java.util.List.of(), null, null,
                    "not verified: configuration " + DnaSettings.PID + " was rejected at start-up and nothing "
                            + "valid is in force; correct the file named in the error above"));
        }
        long started = System.nanoTime(); // a duration, for the latency histogram: monotonic
        CompletionStage<Verification> result;
        if (Instant.now().isBefore(startupUntil)) {
            // During a (re)start this service is visible before the bundle's own prooftypes: a stream
            // verified in that window must not lose its proof, so it waits for them (briefly, bounded).
            result = registry.whenPresent(e.prooftypes())
                    .completeOnTimeout(null, STARTUP_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                    .thenCompose(ready -> e.verify(request));
        } else {
            result = e.verify(request);
        }
        return result.whenComplete((v, failure) -> {
            VerificationEvents.post(eventAdmin, request, v, System.nanoTime() - started);
            if (failure != null) {
                LOG.error("Verifying {} ({}) failed unexpectedly", PeerText.of(request.peerDomain()), request.direction(),
                        failure);
            } else if (v.outcome() == dev.portcullis.api.dna.VerificationOutcome.REJECTED) {
                // INFO, not WARN: a peer triggers it at will; the host warns once, rate-limited (CWE-779)
                LOG.info("{} {}: {}", request.direction(), PeerText.of(request.peerDomain()), PeerText.message(v.reason()));
            } else if (v.outcome() == dev.portcullis.api.dna.VerificationOutcome.UNVERIFIED) {
                LOG.info("{} {}: {}", request.direction(), PeerText.of(request.peerDomain()), PeerText.message(v.reason()));
            } else {
                LOG.debug("{} {}: {}", request.direction(), PeerText.of(request.peerDomain()), PeerText.message(v.reason()));
            }
        });
    }
}
