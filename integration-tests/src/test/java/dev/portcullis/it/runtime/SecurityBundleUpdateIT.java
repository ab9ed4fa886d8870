package dev.portcullis.it.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import dev.portcullis.api.dialback.Dialback;
import dev.portcullis.api.dna.DomainVerifier;
import dev.portcullis.api.stream.FederationMonitor;
import dev.portcullis.api.tls.TlsPolicy;
import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The framework-level half of hot update (docs/ARCHITECTURE.md, "Runtime, configuration and hot update"), in Felix through Pax Exam:
 * updating each security bundle in place re-registers its service, and the host's s2s component, which
 * binds the services dynamically, is never deactivated — the component that holds every live stream keeps
 * the same service registration throughout. The process-level half, with 200 live streams, is
 * {@code dev.portcullis.it.hotupdate.HotUpdateUnderLoadIT}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecurityBundleUpdateIT {
    private static final long WAIT_MILLIS = 10_000;

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() throws IOException {
        return DistributionOptions.options("pax-exam-update");
    }

    @Test
    public void updatingEachSecurityBundleKeepsTheHostComponentAndBringsItsServiceBack() throws Exception {
        Dictionary<String, Object> server = new Hashtable<>();
        server.put("listen", "127.0.0.1:0");
        configurationAdmin.getConfiguration("dev.portcullis.server", "?").update(server);
        long hostService = serviceId(FederationMonitor.class);

        for (String bsn : List.of("dev.portcullis.tls-policy", "dev.portcullis.dna-verifier", "dev.portcullis.dialback")) {
            Bundle b = bundle(bsn);
            long before = b.getLastModified();
            b.update(); // a new revision from the same location, as FileInstall does when a jar is replaced
            assertTrue(bsn + " was not updated (OSGi Core §4.4.9: an update sets the last-modified time)",
                    b.getLastModified() > before);
            assertEquals(bsn + " is active again", Bundle.ACTIVE, b.getState());
            assertNotNull("TlsPolicy is back after updating " + bsn, waitFor(TlsPolicy.class));
            assertNotNull("DomainVerifier is back after updating " + bsn, waitFor(DomainVerifier.class));
            assertNotNull("Dialback is back after updating " + bsn, waitFor(Dialback.class));
            assertEquals("the s2s server component was deactivated by the update of " + bsn
                    + ": it must bind security services dynamically so live streams survive", hostService,
                    serviceId(FederationMonitor.class));
        }
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn + " in the distribution");
    }

    private long serviceId(Class<?> type) throws InterruptedException {
        assertNotNull("no " + type.getName() + " registered", waitFor(type));
        ServiceReference<?> ref = context.getServiceReference(type.getName());
        return (Long) ref.getProperty(Constants.SERVICE_ID);
    }

    private Object waitFor(Class<?> type) throws InterruptedException {
        ServiceTracker<?, ?> tracker = new ServiceTracker<>(context, type.getName(), null);
        tracker.open();
        try {
            return tracker.waitForService(WAIT_MILLIS);
        } finally {
            tracker.close();
        }
    }
}
