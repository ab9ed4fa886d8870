package dev.portcullis.store;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The {@code dev.portcullis.store} configuration as the Web Console shows it (file {@code etc/dev.portcullis.store.cfg}),
 * validated by {@link StoreSettings}.
 */
@ObjectClassDefinition(id = StoreSettings.PID, name = "Portcullis shared store",
        description = "Where the federation state several nodes of one domain share lives: the certificate memory, the "
                + "verification cache and the dialback replay guard. Without a url every node keeps its own local files "
                + "(the default). With a jdbc:postgresql:// url all nodes configured with the same url share one "
                + "PostgreSQL database. The dialback secret is never stored there (XEP-0185 §2): configure the same "
                + "secret on every node.")
@interface StoreConfiguration {

    @AttributeDefinition(name = "URL", required = false, description = "jdbc:postgresql://host:port/database, with "
            + "driver options such as ?sslmode=verify-full&sslrootcert=/etc/portcullis/db-ca.pem. Empty: local files.")
    String url() default "";

    @AttributeDefinition(name = "User", required = false, description = "The database user.")
    String user() default "";

    @AttributeDefinition(name = "Password file", required = false, description = "A file holding the database "
            + "user's password (first line), readable by the Portcullis user only. Empty: the driver's own "
            + "authentication (e.g. a client certificate with sslcert/sslkey in the url).")
    String password$_$file() default "";

    @AttributeDefinition(name = "TLS mode", required = false, description = "The driver's sslmode: disable, allow, "
            + "prefer, require, verify-ca or verify-full. Use verify-full in production: it encrypts and checks the "
            + "server's certificate and name. Empty: as in the url, else the driver's default (prefer).")
    String sslmode() default "";

    @AttributeDefinition(name = "Root certificate", required = false, description = "The CA file the server's "
            + "certificate is checked against (sslrootcert), for verify-ca and verify-full.")
    String sslrootcert() default "";

    @AttributeDefinition(name = "Node name", required = false, description = "This node's name in the store (logs, "
            + "portcullis:store members). Empty: the host name and an identifier kept in the bundle data area.")
    String node() default "";

    @AttributeDefinition(name = "Connect timeout", description = "ISO-8601 duration, PT1S to PT1M: how long to wait "
            + "for a connection to the database.")
    String connect_timeout() default "PT5S";

    @AttributeDefinition(name = "Statement timeout", description = "ISO-8601 duration, PT1S to PT1M: how long one "
            + "statement may run (statement_timeout, and the socket timeout).")
    String statement_timeout() default "PT5S";

    @AttributeDefinition(name = "Pool size", description = "Connections kept to the database, 1 to 32 (HikariCP), "
            + "plus one for change notifications.")
    int pool_size() default 4;
}
