package dev.portcullis.server;

import java.util.Locale;
import java.util.Objects;

/**
 * A peer reached without DNS (labs): {@code domain=host:port} for STARTTLS (RFC 6120 §5) or
 * {@code domain=xmpps://host:port} for direct TLS (XEP-0368).
 */
record StaticRoute(String domain, HostPort target, boolean directTls) {
    StaticRoute {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(target, "target");
        if (target.port() == 0) {
            throw new IllegalArgumentException("a route needs a real port, not 0");
        }
        if (!OutboundConnector.isAddressLiteral(target.host())) {
            // routes exist for labs without DNS; resolving a name here would block the I/O thread
            throw new IllegalArgumentException("write the route's host as an IP address, e.g. 127.0.0.1:5269");
        }
    }

    static StaticRoute parse(String text) {
        String s = text == null ? "" : text.strip();
        int eq = s.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("expected domain=host:port or domain=xmpps://host:port");
        }
        String domain = s.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        if (!Domains.isValid(domain)) {
            throw new IllegalArgumentException("'" + domain + "' is not a valid XMPP domain (RFC 7622 §3.2)");
        }
        String target = s.substring(eq + 1).strip();
        boolean direct = false;
        if (target.startsWith("xmpps://")) {
            direct = true;
            target = target.substring("xmpps://".length());
        } else if (target.startsWith("xmpp://")) {
            target = target.substring("xmpp://".length());
        }
        return new StaticRoute(domain, HostPort.parse(target), direct);
    }

    @Override
    public String toString() {
        return domain + "=" + (directTls ? "xmpps://" : "") + target;
    }
}
