package dev.portcullis.checker;

import dev.portcullis.api.dna.DnssecStatus;
import java.util.Objects;

/**
 * One place to connect to.
 *
 * @param host      the SRV target or host name (or the address given with {@code --connect})
 * @param port      TCP port
 * @param directTls XEP-0368 direct TLS ({@code _xmpps-server}); otherwise STARTTLS (RFC 6120 §5)
 * @param source    how it was found: "_xmpps-server SRV", "_xmpp-server SRV", "fallback 5269", "--connect"
 * @param dnssec    DNSSEC status of the SRV answer it came from (RFC 7673 §3.1)
 */
record Endpoint(String host, int port, boolean directTls, String source, DnssecStatus dnssec) {
    Endpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dnssec, "dnssec");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    String label() {
        return host + ":" + port;
    }
}
