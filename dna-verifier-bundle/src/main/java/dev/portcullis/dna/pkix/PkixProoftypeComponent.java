package dev.portcullis.dna.pkix;

import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.Prooftype;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.dna.DnaSettings;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers the PKIX prooftype (RFC 7712 §4) as a whiteboard {@link Prooftype} named {@code pkix}. */
@Component(service = Prooftype.class, property = Prooftype.NAME_PROPERTY + "=" + PkixProoftype.NAME,
        configurationPid = DnaSettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class PkixProoftypeComponent implements Prooftype {
    private static final Logger LOG = LoggerFactory.getLogger(PkixProoftypeComponent.class);
    /** The clause of a PKIX result that found the certificate revoked; the verifier treats it as a veto. */
    public static final String REVOKED_SECTION = "RFC 6960 §2.2, RFC 5280 §6.3";

    // path validation and judging revocation answers: never on the caller's thread
    private final ExecutorService executor = dev.portcullis.dna.locator.DnsThreads.create("pkix");
    private final AtomicReference<PkixProoftype> engine = new AtomicReference<>();
    private final Clock clock = Clock.systemUTC();
    // kept across reconfiguration so answers stay cached; bounded (RevocationCache)
    private final RevocationCache revocationCache = new RevocationCache(clock, 10_000);
    private final AtomicReference<RevocationFetcher> fetcher = new AtomicReference<>();

    @Activate
    public PkixProoftypeComponent(Map<String, Object> properties) {
        modified(properties);
        if (engine.get() == null) {
            apply(DnaSettings.defaults());
        }
        if (engine.get() == null) {
            throw new IllegalStateException("no usable PKIX trust store: the Java runtime's CA store cannot be read");
        }
    }

    @Modified
    void modified(Map<String, Object> properties) {
        try {
            apply(DnaSettings.parse(properties));
            if (!DnaSettings.deprecatedKeys(properties).isEmpty()) {
                LOG.warn("{} in {} {} deprecated: use pkix.revocation = soft-fail | hard-fail | off instead "
                        + "(the old keys still work for now)", String.join(" and ", DnaSettings.deprecatedKeys(properties)),
                        DnaSettings.PID, DnaSettings.deprecatedKeys(properties).size() == 1 ? "is" : "are");
            }
        } catch (DnaSettings.Rejected e) {
            LOG.debug("PKIX settings unchanged: {}", e.getMessage());
        }
    }

    private void apply(DnaSettings s) {
        try {
            TrustStore trust = TrustStore.load(s.pkixSystemTrust(), s.pkixTrustFiles());
            RevocationFetcher f = s.revocation() == DnaSettings.RevocationPolicy.OFF ? null
                    : new RevocationFetcher(s.revocationTimeout());
            engine.set(new PkixProoftype(trust, new RevocationCheck(s.revocation(), f, revocationCache, executor,
                    revocationBudget(s)),
                    clock));
            RevocationFetcher old = fetcher.getAndSet(f);
            if (old != null) {
                old.close();
            }
        } catch (IOException e) {
            LOG.error("Cannot load the PKIX trust store: {}; keeping the previous one. Check pkix.trust-files.",
                    e.getMessage());
        }
    }

    /**
     * OCSP then the CRL may take two timeouts; the whole check must end before the verifier's own timeout, or
     * PKIX would be reported as ERROR and its proof lost (soft-fail would then be no softer than hard-fail).
     */
    static java.time.Duration revocationBudget(DnaSettings s) {
        java.time.Duration two = s.revocationTimeout().multipliedBy(2);
        java.time.Duration underVerify = s.verifyTimeout().multipliedBy(4).dividedBy(5);
        return two.compareTo(underVerify) < 0 ? two : underVerify;
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
        RevocationFetcher f = fetcher.getAndSet(null);
        if (f != null) {
            f.close();
        }
    }

    @Override
    public String name() {
        return PkixProoftype.NAME;
    }

    @Override
    public CompletionStage<ProofResult> prove(VerificationRequest request) {
        PkixProoftype current = engine.get();
        return CompletableFuture.supplyAsync(() -> current.prove(request), executor)
                .thenCompose(r -> r).exceptionally(e ->
                new ProofResult(PkixProoftype.NAME, ProofStatus.ERROR, "PKIX check of " + request.peerDomain()
                        + " failed unexpectedly: " + e, "RFC 6120 §13.7.2", null));
    }
}
