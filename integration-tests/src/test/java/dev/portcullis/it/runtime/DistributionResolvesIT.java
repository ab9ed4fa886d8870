package dev.portcullis.it.runtime;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.portcullis.api.dialback.Dialback;
import dev.portcullis.api.dna.DomainVerifier;
import dev.portcullis.api.dna.PeerLocator;
import dev.portcullis.api.tls.TlsPolicy;
import java.io.IOException;
import java.util.ArrayList;
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
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Every bundle of the built distribution ({@code system/} and {@code plugins/}, the jars actually shipped)
 * resolves and starts in Felix, and the security bundles register the contract's services. Pax Exam's
 * forked container (docs/LIBRARIES.md trap 2: the native one leaks the test class path), JUnit 4 API on the
 * JUnit Platform through the Vintage engine (trap 1); an unresolved bundle fails at once
 * ({@code pax.exam.osgi.unresolved.fail=true}, set by the pom).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionResolvesIT {

    private static final long SERVICE_WAIT_MILLIS = 10_000;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws IOException {
        return DistributionOptions.options("pax-exam");
    }

    @Test
    public void everyDistributionBundleIsActive() {
        List<String> problems = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (b.getLocation().contains("/portcullis/") && !fragment && b.getState() != Bundle.ACTIVE) {
                problems.add(b.getSymbolicName() + " " + b.getVersion() + " is " + state(b) + " (" + b.getLocation() + ")");
            }
        }
        assertTrue("bundles of the distribution that are not active:\n" + String.join("\n", problems), problems.isEmpty());
    }

    @Test
    public void tlsPolicyServiceIsRegistered() throws InterruptedException {
        assertService(TlsPolicy.class);
    }

    @Test
    public void domainVerifierServiceIsRegistered() throws InterruptedException {
        assertService(DomainVerifier.class);
    }

    @Test
    public void peerLocatorServiceIsRegistered() throws InterruptedException {
        assertService(PeerLocator.class);
    }

    @Test
    public void dialbackServiceIsRegistered() throws InterruptedException {
        assertService(Dialback.class);
    }

    /**
     * dna-core is no bundle: dna-verifier and dialback each carry its classes as private packages (bnd
     * {@code -includepackage}), so neither imports it and nobody exports it; each loads the matcher from itself.
     * stream, server and console carry its fingerprint package the same way.
     */
    @Test
    public void dnaCoreIsEmbeddedPrivatelyInTheBundlesThatUseIt() throws ClassNotFoundException {
        for (String bsn : List.of("dev.portcullis.dna-verifier", "dev.portcullis.dialback")) {
            assertEmbedsPrivately(bsn, "dev.portcullis.dna.core.names.NameMatcher");
        }
        // the host bundles show certificate fingerprints: each embeds dna-core's one fingerprint form, privately
        for (String bsn : List.of("dev.portcullis.stream", "dev.portcullis.server", "dev.portcullis.console")) {
            assertEmbedsPrivately(bsn, "dev.portcullis.dna.core.fingerprint.Fingerprints");
        }
        for (Bundle b : context.getBundles()) {
            String exports = String.valueOf(b.getHeaders().get(Constants.EXPORT_PACKAGE));
            assertTrue(b.getSymbolicName() + " exports dna-core: " + exports,
                    !exports.contains("dev.portcullis.dna.core"));
        }
    }

    private void assertEmbedsPrivately(String bsn, String coreClass) throws ClassNotFoundException {
        Bundle b = bundle(bsn);
        String imports = String.valueOf(b.getHeaders().get(Constants.IMPORT_PACKAGE));
        assertTrue(bsn + " imports dna-core: " + imports, !imports.contains("dev.portcullis.dna.core"));
        assertEquals(bsn + " must load " + coreClass + " from its own jar", b,
                FrameworkUtil.getBundle(b.loadClass(coreClass)));
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName + " in the distribution");
    }

    private void assertService(Class<?> type) throws InterruptedException {
        ServiceTracker<?, ?> tracker = new ServiceTracker<>(context, type.getName(), null);
        tracker.open();
        try {
            if (tracker.waitForService(SERVICE_WAIT_MILLIS) == null) {
                fail("no " + type.getName() + " service registered within " + SERVICE_WAIT_MILLIS + " ms");
            }
        } finally {
            tracker.close();
        }
    }

    private static String state(Bundle b) {
        return switch (b.getState()) {
            case Bundle.INSTALLED -> "INSTALLED (not resolved)";
            case Bundle.RESOLVED -> "RESOLVED (not started)";
            case Bundle.STARTING -> "STARTING";
            default -> String.valueOf(b.getState());
        };
    }
}
