package dev.portcullis.it.runtime.probe;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A probe bundle's only component, built into a jar at test time by {@code ProbeBundles}. It is configured
 * by {@code etc/dev.portcullis.it.probe.cfg}, takes changes in {@link Modified} (no reactivation), rejects an
 * invalid value in the agreed log format and keeps its previous settings, and answers the Gogo command
 * {@code probe:status} so tests can read its state over the admin socket.
 */
@Component(service = ConfigProbe.class, configurationPid = ConfigProbe.PID, immediate = true,
        property = {"osgi.command.scope=probe", "osgi.command.function=status"})
public final class ConfigProbe {

    static final String PID = "dev.portcullis.it.probe";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigProbe.class);

    private final String version;
    private final long bundleId;
    private volatile ProbeSettings settings = ProbeSettings.DEFAULTS;

    @Activate
    public ConfigProbe(BundleContext context, Map<String, Object> properties) {
        this.version = context.getBundle().getVersion().toString();
        this.bundleId = context.getBundle().getBundleId();
        apply(properties);
        LOG.info("Config probe {} activated (bundle {}): {}", version, bundleId, describe());
    }

    @Modified
    void modified(Map<String, Object> properties) {
        apply(properties);
        LOG.info("Config probe {} modified (bundle {}): {}", version, bundleId, describe());
    }

    private void apply(Map<String, Object> properties) {
        try {
            settings = ProbeSettings.from(properties);
        } catch (ProbeSettings.InvalidValue e) {
            LOG.warn("Rejected configuration {} from {}: {} = {}: {}; the previous configuration stays in force",
                    PID, file(properties), e.key, e.value, e.reason);
        }
    }

    private static String file(Map<String, Object> properties) {
        Object f = properties.get("felix.fileinstall.filename");
        if (f == null) {
            return "(not from a file)";
        }
        try {
            return Path.of(URI.create(f.toString())).toString();
        } catch (RuntimeException e) {
            return f.toString();
        }
    }

    private String describe() {
        ProbeSettings s = settings;
        return "greeting=" + s.greeting() + " limit=" + s.limit() + " instance=" + System.identityHashCode(this);
    }

    /** Gogo command {@code probe:status}. */
    public String status() {
        return "version=" + version + " bundle=" + bundleId + " " + describe();
    }
}
