package dev.portcullis.launcher;

import java.util.HashMap;
import java.util.Map;

/** The properties the embedded Felix framework and the framework bundles in {@code system/} start with. */
final class FrameworkProperties {

    /** How often FileInstall looks at {@code etc/} and {@code plugins/}: a change is live within this time. */
    static final String POLL_MILLIS = "500";

    private FrameworkProperties() {
    }

    static Map<String, String> of(HomeLayout layout, boolean interactive) {
        Map<String, String> p = new HashMap<>();
        p.put("org.osgi.framework.storage", layout.felixCache().toString());
        // The cache is kept between runs: bundles' data areas (certificate memory, caches) must survive a restart.
        p.put("org.osgi.framework.storage.clean", "none");
        p.put("felix.log.level", "1");
        p.put("portcullis.home", layout.home().toString());
        p.put("portcullis.plugins", layout.plugins().toString());
        p.put("portcullis.etc", layout.etc().toString());
        p.put("portcullis.certs", layout.certs().toString());
        p.put("portcullis.data", layout.data().toString());

        // Logging: see LoggingBootstrap for the file pax-logging reads before ConfigAdmin delivers etc/'s.
        p.put("org.ops4j.pax.logging.DefaultServiceLog.level", "WARN");

        // FileInstall, the documented way for two folders (as Apache Karaf does): the framework property
        // watches etc/ for *.cfg; etc/org.apache.felix.fileinstall-plugins.cfg (a factory configuration of
        // FileInstall itself) adds the watcher on plugins/ for *.jar.
        p.put("felix.fileinstall.dir", layout.etc().toString());
        p.put("felix.fileinstall.filter", ".*\\.cfg");
        p.put("felix.fileinstall.poll", POLL_MILLIS);
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.log.level", "3");
        p.put("felix.fileinstall.log.default", "jul");
        // the admin's files are the source of truth: never write runtime changes back into them
        p.put("felix.fileinstall.enableConfigSave", "false");
        p.put("felix.fileinstall.tmpdir", layout.data().resolve("tmp").toString());

        // Web console (bundles/console): Jetty starts only with etc/org.apache.felix.http.cfg (never on its
        // defaults, all interfaces on 8080), on loopback unless that file says otherwise; and the console has no
        // default password: no password hashes to this value, until dev.portcullis.console sets the generated one.
        p.put("org.apache.felix.http.require.config", "true");
        p.put("org.apache.felix.http.host", "127.0.0.1");
        p.put("felix.webconsole.password", "{sha-256}locked-until-the-portcullis-console-sets-a-password");

        // Gogo: the interactive console only on a terminal; the admin socket serves everyone else.
        p.put("gosh.args", interactive ? "" : "--nointeractive");
        // gosh reads <gosh.home>/etc/gosh_profile: the home's own if it has one, else the distribution's
        boolean ownProfile = java.nio.file.Files.exists(layout.etc().resolve("gosh_profile"));
        p.put("gosh.home", (ownProfile ? layout.home() : layout.dist()).toString());
        return p;
    }
}
