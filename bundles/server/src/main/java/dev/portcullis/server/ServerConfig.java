package dev.portcullis.server;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the s2s server, PID {@code dev.portcullis.server} ({@code etc/dev.portcullis.server.cfg}).
 * Attribute names map to property keys by replacing {@code _} with {@code .} (OSGi Metatype §105.15.2.2).
 */
@ObjectClassDefinition(name = "Portcullis s2s server",
        description = "Where the server-to-server (federation) listener binds, how peers without DNS are reached, "
                + "and the limits that protect it from slow or hostile peers (RFC 6120 §4, §13).")
public @interface ServerConfig {
    String PID = "dev.portcullis.server";

    @AttributeDefinition(name = "Listen address",
            description = "host:port of the STARTTLS s2s listener (RFC 6120 §3.2.1). Use [::]:5269 for IPv6, "
                    + "0.0.0.0:5269 for every IPv4 address. Without this key only loopback (127.0.0.1:5269) listens.")
    String listen() default "127.0.0.1:5269";

    @AttributeDefinition(name = "Direct TLS listen address", required = false,
            description = "host:port of an optional direct-TLS s2s listener (XEP-0368), usually :5270. "
                    + "Leave empty for none. Publish it with an _xmpps-server._tcp SRV record.")
    String directtls_listen() default "";

    @AttributeDefinition(name = "Static routes", required = false,
            description = "Peers reached without DNS, for labs: domain=host:port (STARTTLS) or "
                    + "domain=xmpps://host:port (direct TLS, XEP-0368). Several routes are comma-separated. "
                    + "A static route replaces the DNS lookup for that domain.")
    String[] routes() default {};

    @AttributeDefinition(name = "Maximum stanza size (bytes)",
            description = "A peer sending a larger stanza gets <policy-violation/> (RFC 6120 §13.12). Default 512 KiB.")
    int max_stanza_size() default 524288;

    @AttributeDefinition(name = "Negotiation timeout (seconds)",
            description = "A connection that has not authenticated within this time is closed with "
                    + "<connection-timeout/> (RFC 6120 §4.9.3.4), so silent connections cannot pile up.")
    int negotiation_timeout() default 30;

    @AttributeDefinition(name = "Negotiation element budget",
            description = "A connection that sends more than this many top-level elements (stream headers, "
                    + "negotiation and dialback elements) before any domain is authenticated on it is closed "
                    + "with <policy-violation/> (RFC 6120 §4.9.3.14). With the negotiation timeout it bounds "
                    + "what an unauthenticated peer can make the server do and log.")
    int negotiation_max_elements() default 500;

    @AttributeDefinition(name = "Idle timeout (seconds)",
            description = "An authenticated stream that received nothing for this long is closed (RFC 6120 §4.6.3). "
                    + "0 keeps idle streams open.")
    int idle_timeout() default 600;

    @AttributeDefinition(name = "Keepalive interval (seconds)",
            description = "Send a whitespace keepalive on an authenticated stream after this long without "
                    + "sending anything (RFC 6120 §4.6.1). 0 disables keepalives.")
    int keepalive_interval() default 60;

    @AttributeDefinition(name = "Outbound queue limit (stanzas)",
            description = "Stanzas held per domain pair while the outbound stream is being negotiated; beyond "
                    + "this the sender gets <resource-constraint/> (RFC 6120 §8.3.3.18).")
    int outbound_queue_limit() default 256;

    @AttributeDefinition(name = "Output limit per connection (bytes)",
            description = "Bytes queued for one peer that has not read them yet; beyond this we stop reading from "
                    + "it until it catches up (backpressure, RFC 6120 §13.12). Default 1 MiB.")
    int output_limit() default 1048576;

    @AttributeDefinition(name = "Output limit in total (bytes)",
            description = "Bytes queued for all peers together; beyond this the connection with the largest backlog "
                    + "is closed with <resource-constraint/> (RFC 6120 §4.9.3.17). Default 64 MiB.")
    int output_total_limit() default 67108864;

    @AttributeDefinition(name = "Output stall timeout (seconds)",
            description = "A peer that stays over the per-connection output limit this long is closed with "
                    + "<policy-violation/> (RFC 6120 §13.12).")
    int output_stall_timeout() default 30;

    @AttributeDefinition(name = "I/O threads", required = false,
            description = "Reactor threads serving the s2s connections (each connection stays on one), and as many "
                    + "workers for TLS handshakes and certificate checks. Leave empty for one per available "
                    + "processor. 1-256; a change takes effect when the server restarts.")
    String io_threads() default "";
}
