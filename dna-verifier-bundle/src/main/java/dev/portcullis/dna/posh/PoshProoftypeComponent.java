package dev.portcullis.dna.posh;

import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.Prooftype;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.dna.DnaSettings;
import dev.portcullis.dna.ProofGuard;
import dev.portcullis.dna.locator.DnsService;
import dev.portcullis.dna.pkix.TrustStore;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers the POSH prooftype (RFC 7711, RFC 7712 §5.2) as a whiteboard {@link Prooftype} named {@code posh}. */
@Component(service = Prooftype.class, property = Prooftype.NAME_PROPERTY + "=" + PoshProoftype.NAME,
        configurationPid = DnaSettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class PoshProoftypeComponent implements Prooftype {
    private static final Logger LOG = LoggerFactory.getLogger(PoshProoftypeComponent.class);

    private final DnsService dns;
    private final AtomicReference<PoshProoftype> engine = new AtomicReference<>();
    private final AtomicReference<OkHttpClient> client = new AtomicReference<>();

    @Activate
    public PoshProoftypeComponent(Map<String, Object> properties, @Reference DnsService dns) {
        this.dns = dns;
        modified(properties);
        if (engine.get() == null) {
            apply(DnaSettings.defaults());
        }
    }

    @Modified
    void modified(Map<String, Object> properties) {
        try {
            apply(DnaSettings.parse(properties));
        } catch (DnaSettings.Rejected e) {
            LOG.debug("POSH settings unchanged: {}", e.getMessage());
        }
    }

    private void apply(DnaSettings s) {
        try {
            OkHttpClient http = PoshHttpClients.create(dns, TrustStore.load(s.pkixSystemTrust(), s.pkixTrustFiles()),
                    s.poshTimeout());
            engine.set(new PoshProoftype(new PoshFetcher(http, s.poshMaxBytes()), Clock.systemUTC(), s.poshMaxCache(),
                    s.poshHttpsPort()));
            shutdown(client.getAndSet(http));
        } catch (IOException | GeneralSecurityException e) {
            LOG.error("POSH keeps its previous HTTPS client: {}", e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        shutdown(client.getAndSet(null));
    }

    private static void shutdown(OkHttpClient old) {
        if (old != null) {
            old.dispatcher().executorService().shutdown();
            old.connectionPool().evictAll();
        }
    }

    @Override
    public String name() {
        return PoshProoftype.NAME;
    }

    @Override
    public CompletionStage<ProofResult> prove(VerificationRequest request) {
        return ProofGuard.prove(PoshProoftype.NAME, "POSH", "RFC 7711", request, () -> engine.get().prove(request));
    }
}
