package dev.portcullis.dna.memory;

import dev.portcullis.api.dna.CertificateChange;
import dev.portcullis.api.dna.CertificateMemory;
import dev.portcullis.api.dna.RememberedCertificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import dev.portcullis.api.store.SharedStore;
import dev.portcullis.api.store.StoreParticipant;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;

/**
 * The {@link CertificateMemory} service (RFC 7590 §3.6), persisted in the bundle's data area
 * ({@code certificate-memory.json}) so it survives restarts and bundle updates. Posts
 * {@link dev.portcullis.api.event.PortcullisEvents#CERTIFICATE_CHANGED} when a known peer presents a new key.
 */
@Component(service = {CertificateMemory.class, CertificateRecorder.class, StoreParticipant.class})
public final class CertificateMemoryComponent implements CertificateMemory, CertificateRecorder, StoreParticipant {
    static final String FILE = "certificate-memory.json";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    private final CertificateMemoryStore store;
    /** Present when dev.portcullis.store names a shared store (docs/STORE.md); otherwise the local file alone. */
    private SharedCertificates shared;

    @Activate
    public CertificateMemoryComponent(BundleContext context) {
        this.store = new CertificateMemoryStore(context.getDataFile(FILE).toPath(), Clock.systemUTC(),
                new ChangeAnnouncer(() -> events));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindSharedStore(SharedStore sharedStore) {
        if (shared != null) {
            shared.close();
        }
        shared = new SharedCertificates(sharedStore, store);
    }

    synchronized void unbindSharedStore(SharedStore sharedStore) {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    @Deactivate
    synchronized void deactivate() {
        if (shared != null) {
            shared.close();
        }
        store.flush();
    }

    @Override
    public String name() {
        return "certificate memory";
    }

    @Override
    public synchronized CompletionStage<Integer> migrate(SharedStore target) {
        if (shared == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the certificate memory is not bound to "
                    + "the shared store yet; try again in a moment"));
        }
        return shared.migrate();
    }

    @Override
    public CertificateChange observe(String domain, X509Certificate certificate, boolean proven) {
        return store.observe(domain, certificate, proven);
    }

    @Override
    public Optional<RememberedCertificate> lookup(String domain) {
        return store.lookup(domain);
    }

    @Override
    public List<RememberedCertificate> entries() {
        return store.entries();
    }
}
