package dev.portcullis.server;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One local XMPP domain the server serves, factory PID {@code dev.portcullis.domain}: one file
 * {@code etc/dev.portcullis.domain-<name>.cfg} per domain.
 */
@ObjectClassDefinition(name = "Portcullis local domain",
        description = "A domain this server speaks for in federation, with the certificate it presents "
                + "(RFC 6120 §13.7.1: as server certificate on inbound streams, client certificate on outbound ones).")
public @interface DomainConfig {
    String FACTORY_PID = "dev.portcullis.domain";

    @AttributeDefinition(name = "Domain", description = "The XMPP domain, e.g. example.org (RFC 7622 §3.2).")
    String domain();

    @AttributeDefinition(name = "Certificate chain (PEM file)",
            description = "Path of a PEM file: the domain's certificate first, then intermediates. Its DNS-ID, "
                    + "SRV-ID or XmppAddr must name the domain (RFC 6120 §13.7.1.2).")
    String certificate();

    @AttributeDefinition(name = "Private key (PEM file, PKCS#8)",
            description = "Path of the unencrypted PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----). Convert other "
                    + "formats with: openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key")
    String key();

    @AttributeDefinition(name = "Certificate check interval (seconds)", required = false,
            description = "How often the certificate and key files are read again: a renewed pair (files replaced in "
                    + "place, or certbot's live/ symlinks switched to a new archive/ version) is loaded without a "
                    + "restart, new handshakes present it and established streams stay up. The expiry warnings "
                    + "(30, 7 and 1 days ahead) are checked at the same time. 1 to 86400; default 60.")
    int certificate_check_interval() default 60;
}
