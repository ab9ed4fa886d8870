package dev.portcullis.openfire;

import dev.portcullis.api.tls.TlsPolicy;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the tls-policy bundle's {@link TlsPolicy} service and puts each policy it publishes into
 * Openfire's s2s settings. When the service goes away (bundle updated or stopped) the last settings
 * stay in force, the stricter state, and sessions are closed unreviewed ({@link HandshakeReviewHandler}).
 */
final class PolicyTracker extends ServiceTracker<TlsPolicy, TlsPolicy> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyTracker.class);

    private PolicyTracker(BundleContext context) {
        super(context, TlsPolicy.class, null);
    }

    static PolicyTracker open(BundleContext context) {
        PolicyTracker t = new PolicyTracker(context);
        t.open();
        return t;
    }

    TlsPolicy current() {
        return getService();
    }

    @Override
    public TlsPolicy addingService(ServiceReference<TlsPolicy> reference) {
        TlsPolicy p = super.addingService(reference);
        if (p != null) {
            applySafely(p);
        }
        return p;
    }

    @Override
    public void modifiedService(ServiceReference<TlsPolicy> reference, TlsPolicy service) {
        applySafely(service);
    }

    private static void applySafely(TlsPolicy p) {
        try {
            S2sTlsSettings.apply(p.describe());
        } catch (RuntimeException e) {
            LOG.error("Portcullis: the TLS policy could not be put into Openfire's s2s settings: {}", e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        super.close();
    }
}
