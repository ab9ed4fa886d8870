package dev.portcullis.store;

import dev.portcullis.api.store.SharedStore;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@value StoreSettings#PID}: without {@code url} nothing is registered and every bundle keeps its local
 * files (today's single-node behaviour); with one, a {@link PostgresStore} is registered as {@link SharedStore}.
 * A rejected file at start-up registers an {@link UnavailableStore} (fail closed); a rejected change keeps the
 * store in force.
 */
@Component(service = {}, immediate = true, configurationPid = StoreSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StoreConfiguration.class)
public final class StoreComponent {
    private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);
    private final BundleContext context;
    private PostgresStore store;
    private ServiceRegistration<SharedStore> registration;

    @Activate
    public StoreComponent(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        try {
            apply(StoreSettings.parse(properties));
        } catch (StoreSettings.Rejected e) {
            String reason = log(e, properties) + "; no valid shared store configuration yet, so this node treats the "
                    + "store as unreachable (see docs/STORE.md) until the file is corrected";
            LOG.error(reason);
            registration = context.registerService(SharedStore.class, new UnavailableStore("configuration "
                    + StoreSettings.PID + " was rejected: " + e.getMessage()), null);
        }
    }

    @Modified
    synchronized void modified(Map<String, Object> properties) {
        try {
            StoreSettings next = StoreSettings.parse(properties);
            close();
            apply(next);
        } catch (StoreSettings.Rejected e) {
            LOG.error(log(e, properties) + "; the previous configuration stays in force");
        }
    }

    private String log(StoreSettings.Rejected e, Map<String, Object> properties) {
        Object file = properties.get("felix.fileinstall.filename");
        String source = file == null ? "ConfigAdmin (no file)" : String.valueOf(file);
        StringBuilder b = new StringBuilder();
        for (StoreSettings.Rejection r : e.rejections()) {
            b.append(b.length() == 0 ? "" : "; ").append(r.logLine(source));
        }
        return b.toString();
    }

    private synchronized void apply(StoreSettings s) {
        if (!s.shared()) {
            LOG.info("Federation state is kept in local files on this node (no url in {}); set url to share it with "
                    + "the other nodes of the domain", StoreSettings.PID);
            return;
        }
        String node = s.node() != null ? s.node() : defaultNode(context.getDataFile("node-id"));
        store = new PostgresStore(s, node, Clock.systemUTC());
        store.start();
        registration = context.registerService(SharedStore.class, store, null);
        LOG.info("Federation state is shared through {} as node {}", store.description(), node);
    }

    @Deactivate
    synchronized void close() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it on bundle stop
            }
            registration = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }

    /** The host name and an identifier made once and kept in the data area, so two nodes on one host differ. */
    static String defaultNode(File idFile) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "node";
        }
        String id = null;
        if (idFile != null) {
            Path p = idFile.toPath();
            try {
                if (Files.exists(p)) {
                    id = Files.readString(p, StandardCharsets.US_ASCII).strip();
                }
                if (id == null || !id.matches("[0-9a-f]{8}")) {
                    byte[] b = new byte[4];
                    new java.security.SecureRandom().nextBytes(b);
                    id = HexFormat.of().formatHex(b);
                    Files.writeString(p, id + "\n", StandardCharsets.US_ASCII);
                }
            } catch (IOException e) {
                id = null;
            }
        }
        String name = (host + "-" + (id == null ? "0" : id)).replaceAll("[^A-Za-z0-9._:@-]", "-");
        return name.length() > 64 ? name.substring(name.length() - 64) : name;
    }
}
