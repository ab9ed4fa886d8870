package dev.portcullis.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which console requests must prove they come from the console's own pages (OWASP CSRF prevention), with a
 * fake request; the real browser and the real console are in ConsoleCsrfIT.
 */
class ConsoleGuardTest {
    static final String ORIGIN = "http://127.0.0.1:8043";
    final CsrfTokens tokens = new CsrfTokens(new SecureRandom());
    final ConsoleGuard guard = new ConsoleGuard(tokens);
    final String nonce = tokens.newNonce();
    final String token = tokens.token("admin", nonce);

    @Test
    void readsFromTheConsoleAndScriptsAndLinksFromElsewhereGoThrough() {
        assertEquals(Optional.empty(), guard.refusal(request("GET", Map.of(), Map.of()), null), "curl, no Fetch Metadata");
        assertEquals(Optional.empty(), guard.refusal(request("GET", Map.of("Sec-Fetch-Site", "same-origin",
                "Sec-Fetch-Dest", "script", "Sec-Fetch-Mode", "no-cors"), Map.of()), nonce));
        assertEquals(Optional.empty(), guard.refusal(request("GET", Map.of("Sec-Fetch-Site", "cross-site",
                "Sec-Fetch-Dest", "document", "Sec-Fetch-Mode", "navigate"), Map.of()), nonce), "a link to the console");
        assertEquals(Optional.empty(), guard.refusal(request("HEAD", Map.of("Sec-Fetch-Site", "none"), Map.of()), null));
    }

    @Test
    void anotherOriginLoadingTheConsoleAsAnImageFrameOrFetchIsRefused() {
        for (String dest : new String[] {"image", "iframe", "script", "empty"}) {
            Optional<String> r = guard.refusal(request("GET", Map.of("Sec-Fetch-Site", "same-site",
                    "Sec-Fetch-Dest", dest, "Sec-Fetch-Mode", dest.equals("iframe") ? "navigate" : "no-cors"), Map.of()), nonce);
            assertEquals(Optional.of("a page of another origin (Sec-Fetch-Site: same-site) loaded it as " + dest), r);
        }
    }

    @Test
    void aGetThatFelixRunsAsAPostMustProveItsOriginAndToken() {
        Map<String, String> post = Map.of("post", "true", "apply", "true");
        assertTrue(guard.refusal(request("GET", Map.of(), post), nonce).orElseThrow().startsWith("it has neither Origin"));
        assertTrue(guard.refusal(request("HEAD", Map.of(), post), nonce).isPresent(), "HEAD runs doGet");
        assertEquals(Optional.empty(), guard.refusal(request("GET", Map.of("Origin", ORIGIN),
                Map.of("post", "true", CsrfTokens.FIELD, token)), nonce));
    }

    @Test
    void everyOtherMethodNeedsTheSameOriginAndThisSessionsToken() {
        Map<String, String> same = Map.of("Origin", ORIGIN, CsrfTokens.HEADER, token);
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH", "TRACE", "post"}) {
            assertEquals(Optional.empty(), guard.refusal(request(method, same, Map.of()), nonce), method);
            assertTrue(guard.refusal(request(method, Map.of(CsrfTokens.HEADER, token), Map.of()), nonce).isPresent(), method);
        }
        assertEquals(Optional.of("it carries no anti-CSRF token (header X-Portcullis-CSRF-Token or form field "
                + "portcullis-csrf-token)"), guard.refusal(request("POST", Map.of("Origin", ORIGIN), Map.of()), nonce));
        assertEquals(Optional.of("it carries no console session cookie (portcullis-csrf) for its token"),
                guard.refusal(request("POST", same, Map.of()), null));
        assertTrue(guard.refusal(request("POST", Map.of("Origin", ORIGIN, CsrfTokens.HEADER, token), Map.of()),
                tokens.newNonce()).orElseThrow().startsWith("its anti-CSRF token is not the one of this browser session"));
        assertTrue(guard.refusal(request("POST", Map.of("Origin", "http://127.0.0.2:8043", CsrfTokens.HEADER, token),
                Map.of()), nonce).orElseThrow().startsWith("its Origin is http://127.0.0.2:8043"), "the right token elsewhere");
    }

    @Test
    void theTokenAsAFormFieldIsReadOnlyFromFormBodies() {
        Map<String, String> field = Map.of(CsrfTokens.FIELD, token);
        assertEquals(Optional.empty(), guard.refusal(request("POST", Map.of("Origin", ORIGIN,
                "Content-Type", "application/x-www-form-urlencoded; charset=UTF-8"), field), nonce));
        assertEquals(Optional.empty(), guard.refusal(request("POST", Map.of("Referer", ORIGIN + "/system/console/bundles",
                "Content-Type", "multipart/form-data; boundary=x"), field), nonce));
        assertTrue(guard.refusal(request("POST", Map.of("Origin", ORIGIN, "Content-Type", "application/json"), field),
                nonce).orElseThrow().startsWith("it carries no anti-CSRF token"), "a JSON body is left to the plugin");
    }

    HttpServletRequest request(String method, Map<String, String> headers, Map<String, String> params) {
        Map<String, String> h = new HashMap<>();
        headers.forEach((k, v) -> h.put(k.toLowerCase(), v));
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getHeader" -> h.get(((String) args[0]).toLowerCase());
                    case "getContentType" -> h.get("content-type");
                    case "getParameter" -> params.get((String) args[0]);
                    case "getScheme" -> "http";
                    case "getServerName" -> "127.0.0.1";
                    case "getServerPort" -> 8043;
                    case "getRemoteUser" -> "admin";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
