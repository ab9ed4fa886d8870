package dev.portcullis.dna.dane;

import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.Prooftype;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.dna.DnaSettings;
import dev.portcullis.dna.ProofGuard;
import dev.portcullis.dna.core.dane.TlsaMatcher;
import dev.portcullis.dna.core.pkix.ChainValidator;
import dev.portcullis.dna.locator.DnsService;
import dev.portcullis.dna.pkix.TrustStore;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers the DANE prooftype (RFC 7673, RFC 7712 §5.1) as a whiteboard {@link Prooftype} named {@code dane}. */
@Component(service = Prooftype.class, property = Prooftype.NAME_PROPERTY + "=" + DaneProoftype.NAME,
        configurationPid = DnaSettings.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class DaneProoftypeComponent implements Prooftype {
    private static final Logger LOG = LoggerFactory.getLogger(DaneProoftypeComponent.class);

    private final DnsService dns;
    private final AtomicReference<DaneProoftype> engine = new AtomicReference<>();

    @Activate
    public DaneProoftypeComponent(Map<String, Object> properties, @Reference DnsService dns) {
        this.dns = dns;
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
            LOG.debug("DANE settings unchanged: {}", e.getMessage());
        }
    }

    private void apply(DnaSettings s) {
        try {
            TlsaMatcher matcher = new TlsaMatcher(TrustStore.load(s.pkixSystemTrust(), s.pkixTrustFiles()).anchors(),
                    new ChainValidator(false, false));
            engine.set(new DaneProoftype(dns, matcher, Clock.systemUTC()));
        } catch (IOException e) {
            LOG.error("DANE keeps its previous trust store: {}", e.getMessage());
        }
    }

    @Override
    public String name() {
        return DaneProoftype.NAME;
    }

    @Override
    public CompletionStage<ProofResult> prove(VerificationRequest request) {
        return ProofGuard.prove(DaneProoftype.NAME, "DANE", "RFC 7673", request, () -> engine.get().prove(request));
    }
}
