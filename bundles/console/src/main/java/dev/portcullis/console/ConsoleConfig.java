package dev.portcullis.console;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code dev.portcullis.console} (file {@code etc/dev.portcullis.console.cfg}). */
@ObjectClassDefinition(name = "Portcullis web console",
        description = "The XMPP Federation page of the Web Console and the console's admin login. The HTTP "
                + "listener itself (address and port) is configured in etc/org.apache.felix.http.cfg.")
public @interface ConsoleConfig {

    @AttributeDefinition(name = "Admin user name",
            description = "User name for the Web Console login (HTTP Basic authentication).")
    String username() default "admin";

    @AttributeDefinition(name = "Password file",
            description = "File holding the console's admin password. If it does not exist, a random password "
                    + "is generated at start and written there, readable by the owner only. Empty: "
                    + "console-password in the host's data folder.")
    String password_file() default "";

    @AttributeDefinition(name = "Security events kept",
            description = "How many recent security events (dev/portcullis/*) the XMPP Federation page shows "
                    + "(10 to 10000). They are kept in memory only; the log file has all of them.", min = "10", max = "10000")
    int events_kept() default 200;
}
