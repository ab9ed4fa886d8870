package dev.portcullis.openfire;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.jivesoftware.util.JiveGlobals;
import org.jivesoftware.util.PropertyEventDispatcher;
import org.jivesoftware.util.PropertyEventListener;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Openfire system properties onto the bundles' configuration PIDs: {@code portcullis.tls.KEY} is key KEY of
 * {@code dev.portcullis.tls}, likewise {@code portcullis.dna.*} and {@code portcullis.dialback.*}, with the keys and
 * values of the reference host's etc/*.cfg files. The whole PID is written on every change, so a deleted
 * property returns to the bundle's default. Each bundle validates its own configuration: a bad value is
 * refused with a log line naming the key, and the previous configuration stays in force (fail closed).
 */
final class PropertyConfig implements PropertyEventListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PropertyConfig.class);
    static final Map<String, String> PIDS = Map.of(
            "portcullis.tls.", "dev.portcullis.tls",
            "portcullis.dna.", "dev.portcullis.dna",
            "portcullis.dialback.", "dev.portcullis.dialback");

    private final ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> configAdmin;

    private PropertyConfig(BundleContext context) {
        this.configAdmin = new ServiceTracker<>(context, ConfigurationAdmin.class, null);
    }

    /** Writes every PID from the current properties, then follows changes. */
    static PropertyConfig open(BundleContext context) throws IOException {
        PropertyConfig c = new PropertyConfig(context);
        c.configAdmin.open();
        for (String prefix : PIDS.keySet()) {
            c.push(prefix);
        }
        PropertyEventDispatcher.addListener(c);
        return c;
    }

    private void push(String prefix) throws IOException {
        ConfigurationAdmin admin = configAdmin.getService();
        if (admin == null) {
            throw new IOException("ConfigurationAdmin is not running in the embedded framework");
        }
        Dictionary<String, Object> values = new Hashtable<>();
        List<String> names = JiveGlobals.getPropertyNames();
        for (String name : names) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                String value = JiveGlobals.getProperty(name);
                if (value != null) {
                    values.put(name.substring(prefix.length()), value);
                }
            }
        }
        if ("portcullis.tls.".equals(prefix) && values.get("provider") == null) {
            // Openfire builds its s2s engines itself with SunJSSE (EncryptionArtifactFactory): the policy supplies
            // their protocols and suites and reviews their sessions, so it describes SunJSSE's. Conscrypt would
            // also load a JNI library into the embedded framework, which ties its class loaders to the JVM across
            // plugin reloads (OpenfirePluginReloadIT).
            values.put("provider", "sun");
        }
        Configuration config = admin.getConfiguration(PIDS.get(prefix), "?");
        if (config.updateIfDifferent(values)) {
            LOG.info("Portcullis: configuration {} written from Openfire's {}* properties ({} key(s)); the bundle validates it "
                    + "and logs any value it refuses", PIDS.get(prefix), prefix, values.size());
        }
    }

    private void changed(String property) {
        for (String prefix : PIDS.keySet()) {
            if (property != null && property.startsWith(prefix)) {
                try {
                    push(prefix);
                } catch (IOException | RuntimeException e) {
                    LOG.error("Portcullis: the change of Openfire property {} could not be passed to {}: {}", property,
                            PIDS.get(prefix), e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public void propertySet(String property, Map<String, Object> params) {
        changed(property);
    }

    @Override
    public void propertyDeleted(String property, Map<String, Object> params) {
        changed(property);
    }

    @Override
    public void xmlPropertySet(String property, Map<String, Object> params) {
        // XML properties (openfire.xml) are not read: the admin console edits database properties
    }

    @Override
    public void xmlPropertyDeleted(String property, Map<String, Object> params) {
        // as above
    }

    @Override
    public void close() {
        PropertyEventDispatcher.removeListener(this);
        configAdmin.close();
    }
}
