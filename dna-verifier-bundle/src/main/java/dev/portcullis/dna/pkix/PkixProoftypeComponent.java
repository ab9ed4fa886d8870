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

    // path validation may fetch OCSP/CRLs when configured: never on the caller's thread
    private final ExecutorService executor = dev.portcullis.dna.locator.DnsThreads.create("pkix");
    private final AtomicReference<PkixProoftype> engine = new AtomicReference<>();

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
        } catch (DnaSettings.Rejected e) {
            LOG.debug("PKIX settings unchanged: {}", e.getMessage());
        }
    }

    private void apply(DnaSettings s) {
        try {
            TrustStore trust = TrustStore.load(s.pkixSystemTrust(), s.pkixTrustFiles());
            engine.set(new PkixProoftype(trust, new ChainValidator(s.revocationFetch(), s.revocationSoftFail()),
                    Clock.systemUTC()));
        } catch (IOException e) {
            LOG.error("Cannot load the PKIX trust store: {}; keeping the previous one. Check pkix.trust-files.",
                    e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    @Override
    public String name() {
        return PkixProoftype.NAME;
    }

    @Override
    public CompletionStage<ProofResult> prove(VerificationRequest request) {
        PkixProoftype current = engine.get();
        return CompletableFuture.supplyAsync(() -> current.prove(request), executor).exceptionally(e ->
                new ProofResult(PkixProoftype.NAME, ProofStatus.ERROR, "PKIX check of " + request.peerDomain()
                        + " failed unexpectedly: " + e, "RFC 6120 §13.7.2", null));
    }
}
