package dev.portcullis.dialback;

import dev.portcullis.api.dialback.Dialback;
import dev.portcullis.api.dialback.DialbackContext;
import dev.portcullis.api.dialback.DialbackDecision;
import dev.portcullis.api.dialback.DialbackOutcome;
import dev.portcullis.api.dialback.OutboundStreams;
import dev.portcullis.api.store.SharedStore;
import java.io.File;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Dialback} service. Configured by PID {@value #PID}; a configuration with a bad value is refused
 * with one log line per value and the previous configuration stays in force. The host's
 * {@link OutboundStreams} and the EventAdmin are optional and dynamic: dialback activates without them (the
 * receiving role then answers internal-server-error) and picks them up when they appear, without a restart.
 */
@Component(service = Dialback.class, configurationPid = DialbackComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DialbackConfiguration.class)
public final class DialbackComponent implements Dialback {

    static final String PID = "dev.portcullis.dialback";
    private static final Logger LOG = LoggerFactory.getLogger(DialbackComponent.class);
    private static final String SECRET_FILE = "dialback.secret";

    // Field injection because constructor injection cannot carry dynamic references; volatile for the swap.
    // ComponentServiceObjects, not the service: see HostOutboundStreams (the host references us in turn).
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ComponentServiceObjects<OutboundStreams> outboundStreams;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final KeyRingUpdate keyRingUpdate;
    private final DialbackService service;
    private final DialbackAudit audit;
    private volatile DialbackSettings settings;
    private volatile KeyRing keyRing;
    /** Present when dev.portcullis.store names a shared store (docs/STORE.md): replay guard and secret check. */
    private volatile SharedStore sharedStore;
    private SecretAgreement agreement;
    private volatile String configFile = "etc/" + PID + ".cfg";

    @Activate
    public DialbackComponent(BundleContext context, Map<String, Object> properties) {
        this(secretFile(context), properties, Clock.systemUTC(), newScheduler());
    }

    DialbackComponent(Path secretFile, Map<String, ?> properties, Clock clock, ScheduledExecutorService scheduler) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.keyRingUpdate = new KeyRingUpdate(new SecretFile(secretFile, new SecureRandom()));
        this.settings = DialbackSettings.DEFAULTS;
        if (!apply(properties).isEmpty()) {
            // Fail closed: a file rejected at start-up must not turn dialback on where it said "never".
            settings = DialbackSettings.REFUSED_AT_START;
            LOG.error("No valid configuration {} yet, so dialback is neither offered nor used (mode never) until "
                    + "the file is fixed; correct the key named above and save the file", PID);
        }
        if (keyRing == null) {
            keyRing = keyRingUpdate.next(null, settings, clock.instant());
        }
        this.audit = new DialbackAudit(() -> eventAdmin);
        this.service = new DialbackService(() -> settings, () -> keyRing, this::hostOutboundStreams,
                () -> sharedStore, scheduler, clock, audit);
        LOG.info("Dialback active: {}; keys from the {} secret", settings, keyRing.currentSource());
    }

    /** For tests: bind the EventAdmin as DS would. */
    void bindEventAdmin(EventAdmin admin) {
        this.eventAdmin = admin;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindSharedStore(SharedStore store) {
        if (agreement != null) {
            agreement.close();
        }
        sharedStore = store;
        agreement = new SecretAgreement(store, () -> keyRing, this::secretSource);
    }

    synchronized void unbindSharedStore(SharedStore store) {
        if (sharedStore == store) {
            sharedStore = null;
            if (agreement != null) {
                agreement.close();
                agreement = null;
            }
        }
    }

    /** Where the secret in force comes from, for the secret check's ERROR: the file to fix. */
    private String secretSource() {
        KeyRing ring = keyRing;
        return settings.secret() != null ? "the `secret` of " + configFile
                : "the generated one in " + ring.currentSource().replaceFirst("^generated \\((.*)\\)$", "$1")
                        + " (no `secret` in " + configFile + ")";
    }

    /** For tests: bind the host's service as DS would. */
    void bindOutboundStreams(ComponentServiceObjects<OutboundStreams> objects) {
        this.outboundStreams = objects;
    }

    private OutboundStreams hostOutboundStreams() {
        ComponentServiceObjects<OutboundStreams> objects = outboundStreams;
        return objects == null ? null : new HostOutboundStreams(objects);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        if (apply(properties).isEmpty()) {
            LOG.info("Dialback configuration applied: {}", settings);
        }
    }

    /** Validates and applies; returns the rejections (empty when applied). */
    List<ConfigRejection> apply(Map<String, ?> properties) {
        SettingsParser.Parsed parsed = SettingsParser.parse(properties);
        if (!parsed.accepted()) {
            Object file = properties.get("felix.fileinstall.filename");
            String source = file == null ? "ConfigAdmin (no file)" : String.valueOf(file);
            for (ConfigRejection rejection : parsed.rejections()) {
                LOG.error(rejection.logLine(PID, source));
            }
            return parsed.rejections();
        }
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            configFile = String.valueOf(file).replaceFirst("^file:", "");
        }
        synchronized (this) {
            KeyRing next = keyRingUpdate.next(keyRing, parsed.settings(), clock.instant());
            settings = parsed.settings();
            keyRing = next;
            if (agreement != null) {
                agreement.publish();
            }
        }
        return List.of();
    }

    DialbackSettings settings() {
        return settings;
    }

    KeyRing keyRing() {
        return keyRing;
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            if (agreement != null) {
                agreement.close();
            }
        }
        service.close();
        scheduler.shutdownNow();
    }

    @Override
    public DialbackDecision permits(DialbackContext context) {
        return service.permits(context);
    }

    @Override
    public String key(String receivingDomain, String originatingDomain, String streamId) {
        return service.key(receivingDomain, originatingDomain, streamId);
    }

    @Override
    public CompletionStage<DialbackOutcome> receiveResult(DialbackContext context, String key) {
        return service.receiveResult(context, key).whenComplete((outcome, failure) -> {
            if (outcome != null) {
                audit.result("receiving", outcome.type());
            }
        });
    }

    @Override
    public DialbackOutcome answerVerify(String receivingDomain, String originatingDomain, String streamId, String key) {
        DialbackOutcome outcome = service.answerVerify(receivingDomain, originatingDomain, streamId, key);
        audit.result("authoritative", outcome.type());
        return outcome;
    }

    /** The secret's file in the bundle data area, or {@code null} when the framework has no file system support. */
    private static Path secretFile(BundleContext context) {
        File file = context.getDataFile(SECRET_FILE);
        return file == null ? null : file.toPath();
    }

    private static ScheduledExecutorService newScheduler() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "portcullis-dialback-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        // Most verifications answer long before their timeout; drop cancelled timers at once.
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
