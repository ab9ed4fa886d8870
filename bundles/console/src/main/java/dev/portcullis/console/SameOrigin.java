package dev.portcullis.console;

import dev.portcullis.api.PeerText;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a request came from a page of the console's own origin (OWASP CSRF Prevention Cheat Sheet,
 * "Verifying Origin With Standard Headers"; RFC 6454 §5 origin comparison). The target origin is the one the
 * browser addressed: the request's scheme and its {@code Host} (so an SSH tunnel on another local port works).
 * The source is the {@code Origin} header, else the origin part of {@code Referer}; a request with neither,
 * or with an opaque origin ({@code null}), is not proven same-origin.
 *
 * @param scheme scheme, host and port of the target origin, host lower-case without brackets
 */
record SameOrigin(String scheme, String host, int port) {

    SameOrigin {
        if (scheme == null || host == null || host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("not an origin: " + scheme + "://" + host + ":" + port);
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        host = normalHost(host);
    }

    /** The origin a request was sent to, from {@code getScheme()}, {@code getServerName()} and {@code getServerPort()}. */
    static SameOrigin target(String scheme, String serverName, int serverPort) {
        return new SameOrigin(scheme, serverName, serverPort > 0 ? serverPort : defaultPort(scheme));
    }

    /**
     * Why the request is not proven to come from this origin, or empty when it is. The reason is for the
     * administrator and quotes the header value (bounded, printable only).
     */
    Optional<String> refusal(String origin, String referer) {
        if (origin != null) {
            if (origin.trim().equals("null")) {
                return Optional.of("its Origin is opaque (null: a sandboxed frame, a data: or file: page, or a "
                        + "cross-site redirect)");
            }
            return parse(origin.trim(), false).filter(this::equals).isPresent() ? Optional.empty()
                    : Optional.of("its Origin is " + new PeerText(origin, 80).toString() + ", not " + this);
        }
        if (referer != null) {
            return parse(referer.trim(), true).filter(this::equals).isPresent() ? Optional.empty()
                    : Optional.of("it has no Origin and its Referer " + new PeerText(referer, 80).toString()
                            + " is not a page of " + this);
        }
        return Optional.of("it has neither Origin nor Referer, so nothing shows that a page of " + this + " sent it");
    }

    /** An origin serialisation (RFC 6454 §6.1), or with {@code withPath} any absolute http(s) URL. */
    static Optional<SameOrigin> parse(String value, boolean withPath) {
        try {
            URI u = new URI(value);
            String scheme = u.getScheme();
            if (scheme == null || u.getHost() == null || u.getRawUserInfo() != null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                return Optional.empty();
            }
            boolean bare = (u.getRawPath() == null || u.getRawPath().isEmpty()) && u.getRawQuery() == null
                    && u.getRawFragment() == null;
            if (!withPath && !bare) {
                return Optional.empty();
            }
            return Optional.of(new SameOrigin(scheme, u.getHost(), u.getPort() > 0 ? u.getPort() : defaultPort(scheme)));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    /** Host names compare case-insensitively (RFC 6454 §4); IPv6 literals with or without brackets. */
    private static String normalHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return scheme + "://" + h + (port == defaultPort(scheme) ? "" : ":" + port);
    }
}
