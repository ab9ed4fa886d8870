package dev.portcullis.console;

import dev.portcullis.api.PeerText;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-site request forgery and clickjacking protection for the whole Felix Web Console: every page and
 * plugin (configuration, bundles, components, XMPP Federation, any other), since all of them are served in the
 * console's servlet context, after its login. Felix Web Console has no CSRF protection of its own (its README
 * says so and points to an external filter), and the browser resends the cached Basic login with any request
 * another site makes it send, so a page of another origin could otherwise change the TLS policy — e.g. add a
 * plaintext peer, after which STARTTLS is no longer required for it (RFC 7590 §3.1).
 *
 * <p>Following the OWASP CSRF Prevention Cheat Sheet, a state-changing request (any method but GET, HEAD,
 * OPTIONS, and Felix's configuration manager's {@code GET ?post=true}, which it runs as a POST) must
 * <ol>
 *   <li>come from the console's own origin: {@code Origin}, else {@code Referer}, equal to the scheme, host
 *   and port the request was sent to ({@link SameOrigin}); neither header is a refusal; and</li>
 *   <li>carry the page's anti-CSRF token, an HMAC of the session cookie ({@link CsrfTokens}), which
 *   {@link CsrfScript} adds to the pages' own XMLHttpRequests and forms.</li>
 * </ol>
 * Reads from other origins are refused too when the browser says so (Fetch Metadata, {@code Sec-Fetch-*}),
 * except top-level navigations, so a link to the console still opens it. Every response forbids framing by
 * other origins and MIME sniffing; pages and JSON are never stored by caches.
 */
@Component(service = Filter.class, property = {
        "osgi.http.whiteboard.filter.name=portcullis-console-guard",
        "osgi.http.whiteboard.filter.pattern=/*",
        "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=" + ConsoleGuard.WEBCONSOLE_CONTEXT + ")",
        "service.ranking:Integer=1000"})
public final class ConsoleGuard implements Filter {
    /** The servlet context Felix Web Console registers (OsgiManager), whatever its root path. */
    static final String WEBCONSOLE_CONTEXT = "org.apache.felix.webconsole";
    static final String REFUSAL = "Refused: this request did not come from the web console's own pages";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleGuard.class);

    private final CsrfTokens tokens;

    public ConsoleGuard() {
        this(new CsrfTokens(new SecureRandom()));
    }

    ConsoleGuard(CsrfTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        // same-origin framing stays allowed: Felix's own license page shows files in an iframe
        response.setHeader("X-Frame-Options", "SAMEORIGIN");
        response.setHeader("Content-Security-Policy", "frame-ancestors 'self'");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        String nonce = cookie(request);
        Optional<String> refusal = refusal(request, nonce);
        if (refusal.isPresent()) {
            refuse(request, response, refusal.get());
            return;
        }
        boolean fresh = !CsrfTokens.wellFormed(nonce);
        String session = fresh ? tokens.newNonce() : nonce;
        String snippet = CsrfScript.snippet(tokens.token(request.getRemoteUser(), session));
        GuardedResponse guarded = new GuardedResponse(response, !isStaticResource(request), snippet,
                fresh ? () -> response.addHeader("Set-Cookie", setCookie(request, session)) : () -> { });
        try {
            chain.doFilter(request, guarded);
        } finally {
            guarded.finish();
        }
    }

    /** Why the request is refused, or empty when it may go on to the console. */
    Optional<String> refusal(HttpServletRequest request, String nonce) {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        if (SAFE.contains(method) && !"true".equals(request.getParameter("post"))) {
            return crossOriginRead(request);
        }
        Optional<String> foreign = SameOrigin.target(request.getScheme(), request.getServerName(), request.getServerPort())
                .refusal(request.getHeader("Origin"), request.getHeader("Referer"));
        if (foreign.isPresent()) {
            return foreign;
        }
        String presented = presentedToken(request);
        if (presented == null) {
            return Optional.of("it carries no anti-CSRF token (header " + CsrfTokens.HEADER + " or form field "
                    + CsrfTokens.FIELD + ")");
        }
        if (!CsrfTokens.wellFormed(nonce)) {
            return Optional.of("it carries no console session cookie (" + CsrfTokens.COOKIE + ") for its token");
        }
        if (!tokens.matches(request.getRemoteUser(), nonce, presented)) {
            return Optional.of("its anti-CSRF token is not the one of this browser session (a page loaded before "
                    + "the host restarted carries an old one)");
        }
        return Optional.empty();
    }

    /**
     * Fetch Metadata resource isolation: a browser that says another origin is loading the console as an
     * image, script, frame or fetch is refused; a top-level navigation (a link) is let through.
     */
    private static Optional<String> crossOriginRead(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site == null || site.equals("same-origin") || site.equals("none")) {
            return Optional.empty();
        }
        String mode = request.getHeader("Sec-Fetch-Mode");
        String dest = request.getHeader("Sec-Fetch-Dest");
        if ("navigate".equals(mode) && (dest == null || dest.equals("document"))) {
            return Optional.empty();
        }
        return Optional.of("a page of another origin (Sec-Fetch-Site: " + new PeerText(site, 20).toString()
                + ") loaded it as " + new PeerText(dest == null ? mode : dest, 20).toString());
    }

    /** The token from the header the script sets, else from a form field; other bodies are never read here. */
    private static String presentedToken(HttpServletRequest request) {
        String header = request.getHeader(CsrfTokens.HEADER);
        if (header != null) {
            return header;
        }
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")
                || request.getMethod().equalsIgnoreCase("GET")) {
            return request.getParameter(CsrfTokens.FIELD);
        }
        return null;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String reason) throws IOException {
        SameOrigin target = SameOrigin.target(request.getScheme(), request.getServerName(), request.getServerPort());
        LOG.warn("Web console refused {} {} from {} (user {}): {}. A page of another origin may have tried to act "
                        + "with the administrator's login (cross-site request forgery); nothing was changed",
                new PeerText(request.getMethod(), 16).toString(), new PeerText(request.getRequestURI(), 200).toString(),
                request.getRemoteAddr(), new PeerText(request.getRemoteUser(), 64).toString(), reason);
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/plain");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(REFUSAL + ": " + reason + ".\n\nNothing was changed. The console accepts changes "
                + "only from its own pages at " + target + ", which carry its anti-CSRF token. If you sent this "
                + "from the console, reload the page and try again. Scripts: use the host's admin commands "
                + "(bin/portcullis admin) or the files in etc/ instead of the console's forms.\n"
                + "(Cross-site request forgery protection, OWASP CSRF Prevention Cheat Sheet.)\n");
    }

    private static boolean isStaticResource(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String root = request.getContextPath();
        return uri != null && root != null && uri.startsWith(root + "/res/");
    }

    private static String cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (CsrfTokens.COOKIE.equals(c.getName()) && CsrfTokens.wellFormed(c.getValue())) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    /** Written as a header: Jetty 11 (Servlet 5) has no SameSite attribute on {@link Cookie}. */
    private static String setCookie(HttpServletRequest request, String nonce) {
        String path = request.getContextPath();
        if (path == null || path.isEmpty() || !path.matches("/[A-Za-z0-9/._~-]*")) {
            path = "/";
        }
        return CsrfTokens.COOKIE + "=" + nonce + "; Path=" + path + "; HttpOnly; SameSite=Strict"
                + (request.isSecure() ? "; Secure" : "");
    }
}
