package dev.portcullis.console;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Objects;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the Felix Web Console its admin login: the user name from {@code etc/dev.portcullis.console.cfg} and
 * the password from the owner-only password file (generated at first start), hashed, in the console's own
 * configuration (PID {@value #WEBCONSOLE_PID}). A login the administrator configured there himself is left
 * alone. Until this runs, the launcher's framework property {@code felix.webconsole.password} holds a value no
 * password matches, so the console is never open with a default password.
 */
@Component(service = {}, immediate = true, configurationPid = "dev.portcullis.console")
public final class ConsoleLogin {
    static final String WEBCONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";
    static final String HTTP_PID = "org.apache.felix.http";
    /** Marks the console configuration as written by us, so we never overwrite an administrator's own. */
    static final String GENERATED = "portcullis.generated";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleLogin.class);

    @Activate
    public ConsoleLogin(@Reference ConfigurationAdmin configAdmin, BundleContext context, ConsoleConfig config)
            throws IOException, InvalidSyntaxException {
        String url = "http://" + httpAddress(configAdmin) + "/system/console";
        Configuration existing = find(configAdmin, WEBCONSOLE_PID);
        Dictionary<String, Object> props = existing == null ? null : existing.getProperties();
        if (props != null && props.get("password") != null && props.get(GENERATED) == null) {
            announce("Web console at " + url + " - user " + props.get("username")
                    + ", password as configured for " + WEBCONSOLE_PID);
            return;
        }
        PasswordFile file = new PasswordFile(passwordPath(context, config), new SecureRandom());
        String hash = PasswordFile.webConsoleHash(file.readOrCreate());
        if (file.readableByOthers()) {
            LOG.warn("The web console password file {} is readable by other users; restrict it with: chmod 600 {}",
                    file.path(), file.path());
        }
        Configuration target = configAdmin.getConfiguration(WEBCONSOLE_PID, null);
        Dictionary<String, Object> current = target.getProperties();
        if (current == null || !Objects.equals(current.get("password"), hash)
                || !Objects.equals(current.get("username"), config.username())) {
            Dictionary<String, Object> next = new Hashtable<>();
            if (current != null) {
                for (var keys = current.keys(); keys.hasMoreElements(); ) {
                    String k = keys.nextElement();
                    next.put(k, current.get(k));
                }
            }
            next.put("username", config.username());
            next.put("password", hash);
            next.put(GENERATED, Boolean.TRUE);
            target.update(next);
        }
        announce("Web console at " + url + " - user " + config.username() + ", password in " + file.path());
    }

    private static Path passwordPath(BundleContext context, ConsoleConfig config) {
        if (!config.password_file().isBlank()) {
            return Path.of(config.password_file());
        }
        String data = context.getProperty("portcullis.data");
        return data != null ? Path.of(data, "console-password") : context.getDataFile("console-password").toPath();
    }

    /** Where Jetty listens, from its configuration ({@code etc/org.apache.felix.http.cfg}). */
    private static String httpAddress(ConfigurationAdmin configAdmin) throws IOException, InvalidSyntaxException {
        Configuration http = find(configAdmin, HTTP_PID);
        Dictionary<String, Object> p = http == null ? null : http.getProperties();
        if (p == null) {
            return "(not listening: configure the address in etc/" + HTTP_PID + ".cfg)";
        }
        if ("false".equals(String.valueOf(p.get("org.apache.felix.http.enable")))) {
            return "(HTTP disabled: org.apache.felix.http.enable = false in etc/" + HTTP_PID + ".cfg)";
        }
        Object host = p.get("org.apache.felix.http.host");
        Object port = p.get("org.osgi.service.http.port");
        return (host == null ? "127.0.0.1" : host) + ":" + (port == null ? "8080" : port);
    }

    private static Configuration find(ConfigurationAdmin configAdmin, String pid) throws IOException, InvalidSyntaxException {
        Configuration[] found = configAdmin.listConfigurations("(" + org.osgi.framework.Constants.SERVICE_PID + "=" + pid + ")");
        return found == null || found.length == 0 ? null : found[0];
    }

    /** The administrator starting the host sees where the console is, as with the s2s listener. */
    private static void announce(String line) {
        LOG.info(line);
        System.out.println(line);
        System.out.flush();
    }
}
