package dev.portcullis.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** OWASP CSRF prevention, "Signed Double-Submit Cookie": bound to the session cookie, the user and the host's run. */
class CsrfTokensTest {
    final CsrfTokens tokens = new CsrfTokens(new SecureRandom());

    @Test
    void thePagesTokenMatchesItsSessionAndUserOnly() {
        String nonce = tokens.newNonce();
        assertTrue(CsrfTokens.wellFormed(nonce), nonce);
        String token = tokens.token("admin", nonce);
        assertTrue(tokens.matches("admin", nonce, token));
        assertFalse(tokens.matches("operator", nonce, token), "another user");
        assertFalse(tokens.matches("admin", tokens.newNonce(), token), "another browser session");
        assertFalse(tokens.matches("admin", nonce, token.substring(1)), "truncated");
        assertFalse(tokens.matches("admin", nonce, ""), "empty");
        assertFalse(tokens.matches("admin", nonce, null), "none");
        assertFalse(new CsrfTokens(new SecureRandom()).matches("admin", nonce, token), "after a restart (new key)");
        assertNotEquals(tokens.token("admin", nonce), tokens.token("admin" + nonce.charAt(0), nonce.substring(1) + "A"),
                "user and nonce are separated");
    }

    @Test
    void aCookieValueThatTheConsoleCouldNotHaveMadeIsNoSession() {
        assertFalse(CsrfTokens.wellFormed(null));
        assertFalse(CsrfTokens.wellFormed(""));
        assertFalse(CsrfTokens.wellFormed("short"));
        assertFalse(CsrfTokens.wellFormed("a".repeat(21) + ";"));
        assertFalse(tokens.matches("admin", "x", tokens.token("admin", "x")), "a malformed cookie never matches");
        assertEquals(22, tokens.newNonce().length());
    }
}
