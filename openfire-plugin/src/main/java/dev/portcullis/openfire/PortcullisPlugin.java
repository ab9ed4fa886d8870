package dev.portcullis.openfire;

import dev.portcullis.api.dialback.Dialback;
import dev.portcullis.api.dna.CertificateMemory;
import dev.portcullis.api.dna.DomainVerifier;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.container.Plugin;
import org.jivesoftware.openfire.container.PluginManager;
import org.jivesoftware.openfire.event.ServerSessionEventDispatcher;
import org.jivesoftware.util.JiveGlobals;
import org.osgi.framework.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Openfire plugin: starts the embedded Felix with the Portcullis bundles in {@link #initializePlugin}, hooks
 * the s2s listeners, and undoes all of it in {@link #destroyPlugin}, leaving no thread, handler or listener
 * behind (Openfire closes the plugin's class loader afterwards).
 */
public final class PortcullisPlugin implements Plugin {

    private static final Logger LOG = LoggerFactory.getLogger(PortcullisPlugin.class);

    private EmbeddedFramework framework;
    private PolicyTracker policy;
    private PropertyConfig config;
    private HandshakeReviewFactory review;
    private S2sAcceptorHook hook;
    private Tracked<DomainVerifier> verifier;
    private Tracked<Dialback> dialback;
    private volatile Tracked<CertificateMemory> memory;
    private SessionVerifier sessions;
    private IncomingSessionWatcher incoming;
    private Path pluginJar;

    @Override
    public void initializePlugin(PluginManager manager, File pluginDirectory) {
        long start = System.nanoTime();
        PluginLayout layout = new PluginLayout(pluginDirectory.toPath().resolve("bundles"),
                JiveGlobals.getHomePath().resolve("portcullis"));
        pluginJar = pluginDirectory.toPath().resolveSibling(pluginDirectory.getName() + ".jar");
        try {
            int system = ShippedBundles.seed(layout.shipped().resolve("system"), layout.system());
            int bundles = ShippedBundles.seed(layout.shipped().resolve("plugins"), layout.bundles());
            framework = EmbeddedFramework.start(layout);
            config = PropertyConfig.open(framework.context());
            policy = PolicyTracker.open(framework.context());
            review = new HandshakeReviewFactory(policy::current, XMPPServer.getInstance().getServerInfo().getXMPPDomain());
            hook = S2sAcceptorHook.install(review);
            verifier = Tracked.open(framework.context(), DomainVerifier.class);
            dialback = Tracked.open(framework.context(), Dialback.class);
            memory = Tracked.open(framework.context(), CertificateMemory.class);
            sessions = new SessionVerifier(verifier, dialback);
            ServerSessionEventDispatcher.addListener(sessions);
            incoming = IncomingSessionWatcher.start(sessions);
            LOG.info("Portcullis: embedded OSGi framework started in {} ms with bundles [{}] ({} framework and {} security "
                    + "bundle jars written to {}); bundles hot-update from {}", (System.nanoTime() - start) / 1_000_000,
                    Arrays.stream(framework.context().getBundles()).map(PortcullisPlugin::describe).collect(Collectors.joining(", ")),
                    system, bundles, layout.home(), layout.bundles());
        } catch (Exception | LinkageError e) {
            LOG.error("Portcullis: the plugin did not start: {}. Openfire's s2s runs without the Portcullis policy until this "
                    + "is fixed and the plugin reloaded", e.getMessage(), e);
            destroyPlugin();
            throw new IllegalStateException("Portcullis did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void destroyPlugin() {
        if (incoming != null) {
            incoming.close();
            incoming = null;
        }
        if (sessions != null) {
            ServerSessionEventDispatcher.removeListener(sessions);
            sessions = null;
        }
        for (Tracked<?> t : new Tracked<?>[] {verifier, dialback, memory}) {
            if (t != null) {
                t.close();
            }
        }
        verifier = null;
        dialback = null;
        memory = null;
        if (hook != null) {
            hook.close();
            hook = null;
        }
        if (review != null) {
            review.removeEverywhere();
            review = null;
        }
        if (policy != null) {
            policy.close();
            policy = null;
        }
        if (config != null) {
            config.close();
            config = null;
        }
        if (framework != null) {
            framework.close();
            framework = null;
        }
        // The jar still in plugins/: a reload or an Openfire shutdown; the policy's settings stay in force.
        // The jar gone: the administrator removed the plugin, so Openfire's own settings come back.
        if (pluginJar != null && !Files.exists(pluginJar)) {
            S2sTlsSettings.restore();
        }
        LOG.info("Portcullis: plugin stopped");
        LogContexts.stopFor(PortcullisPlugin.class.getClassLoader());
    }

    /** The dna-verifier's certificate memory, or {@code null} while it is not running (admin page). */
    CertificateMemory certificateMemory() {
        Tracked<CertificateMemory> m = memory;
        return m == null ? null : m.get();
    }

    private static String describe(Bundle b) {
        String[] states = {"", "INSTALLED", "RESOLVED", "", "STARTING", "", "", "", "STOPPING"};
        String state = b.getState() == Bundle.ACTIVE ? "ACTIVE" : b.getState() < states.length ? states[b.getState()] : "?";
        return b.getSymbolicName() + " " + b.getVersion() + " " + state;
    }
}
