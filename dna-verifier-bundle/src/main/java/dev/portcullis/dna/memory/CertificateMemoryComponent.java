package dev.portcullis.dna.memory;

import dev.portcullis.api.dna.CertificateChange;
import dev.portcullis.api.dna.CertificateMemory;
import dev.portcullis.api.dna.RememberedCertificate;
import dev.portcullis.api.event.PortcullisEvents;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CertificateMemory} service (RFC 7590 §3.6), persisted in the bundle's data area
 * ({@code certificate-memory.json}) so it survives restarts and bundle updates. Posts
 * {@link PortcullisEvents#CERTIFICATE_CHANGED} when a known peer presents a new key.
 */
@Component(service = {CertificateMemory.class, CertificateRecorder.class})
public final class CertificateMemoryComponent implements CertificateMemory, CertificateRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateMemoryComponent.class);
    static final String FILE = "certificate-memory.json";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    private final CertificateMemoryStore store;

    @Activate
    public CertificateMemoryComponent(BundleContext context) {
        this.store = new CertificateMemoryStore(context.getDataFile(FILE).toPath(), Clock.systemUTC(), this::changed);
    }

    private void changed(CertificateChange change) {
        if (change.warning()) {
            LOG.warn("The certificate of {} changed to a new key: now {}, before {} ({}). If {}'s administrator did "
                    + "not announce a new certificate, check for an attack (RFC 7590 §3.6).", change.domain(),
                    change.currentFingerprint(), change.previousFingerprint(), change.proven()
                    ? "the new certificate was proven" : "the new certificate was NOT proven", change.domain());
            EventAdmin ea = events;
            if (ea != null) {
                Map<String, Object> props = new HashMap<>();
                props.put(PortcullisEvents.PROP_DOMAIN, change.domain());
                props.put(PortcullisEvents.PROP_FINGERPRINT, change.currentFingerprint());
                props.put(PortcullisEvents.PROP_PREVIOUS_FINGERPRINT, change.previousFingerprint());
                props.put(PortcullisEvents.PROP_PROVEN, change.proven());
                ea.postEvent(new Event(PortcullisEvents.CERTIFICATE_CHANGED, props));
            }
        } else {
            LOG.info("{} renewed its certificate over the same key: now {}", change.domain(), change.currentFingerprint());
        }
    }

    @Deactivate
    void deactivate() {
        store.flush();
    }

    @Override
    public CertificateChange observe(String domain, X509Certificate certificate, boolean proven, boolean commit) {
        return store.observe(domain, certificate, proven, commit);
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
