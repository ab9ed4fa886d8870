package dev.portcullis.metrics;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Who may scrape {@code /metrics}, PID {@code dev.portcullis.metrics} ({@code etc/dev.portcullis.metrics.cfg}). */
@ObjectClassDefinition(name = "Portcullis metrics endpoint",
        description = "Access to GET /metrics (Prometheus text format) on the host's HTTP service. Loopback clients "
                + "only by default; a bearer token is optional for loopback and required for remote scrapers.")
public @interface MetricsConfig {
    String PID = "dev.portcullis.metrics";

    @AttributeDefinition(name = "Bearer token file", required = false,
            description = "Path of a file holding the token (one line, at least 32 characters; e.g. openssl rand -hex 32 > "
                    + "etc/metrics.token; chmod 600). When set, every scrape must send 'Authorization: Bearer <token>' "
                    + "(Prometheus: authorization.credentials_file). The file is read at each scrape, so it rotates "
                    + "without a restart.")
    String bearer_token_file() default "";

    @AttributeDefinition(name = "Allow remote scrapers",
            description = "Answer clients that are not on loopback. Requires a bearer token file; the HTTP listener "
                    + "(etc/org.apache.felix.http.cfg) must listen beyond loopback as well.")
    boolean remote() default false;
}
