package dev.portcullis.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Anti-CSRF tokens as an HMAC-signed double-submit cookie (OWASP CSRF Prevention Cheat Sheet, "Signed
 * Double-Submit Cookie"): the browser holds a random per-session nonce in a {@code SameSite=Strict}, HttpOnly
 * cookie; the console's pages carry {@code HMAC-SHA256(key, user, nonce)} and send it back with every change.
 * Another site can neither read the page nor compute the HMAC, and the key lives only in memory, so a restart
 * of the host invalidates every token (the administrator reloads the page).
 */
final class CsrfTokens {
    static final String COOKIE = "portcullis-csrf";
    static final String HEADER = "X-Portcullis-CSRF-Token";
    static final String FIELD = "portcullis-csrf-token";
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random;
    private final SecretKeySpec key;

    CsrfTokens(SecureRandom random) {
        this.random = random;
        byte[] k = new byte[32];
        random.nextBytes(k);
        this.key = new SecretKeySpec(k, "HmacSHA256");
    }

    /** A new cookie value: 128 random bits. */
    String newNonce() {
        byte[] n = new byte[16];
        random.nextBytes(n);
        return B64.encodeToString(n);
    }

    /** True for a value {@link #newNonce} could have made (a cookie is browser-supplied input). */
    static boolean wellFormed(String nonce) {
        return nonce != null && NONCE.matcher(nonce).matches();
    }

    /** The token the pages of this browser session carry for {@code user}. */
    String token(String user, String nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((user == null ? "" : user).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return B64.encodeToString(mac.doFinal(nonce.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    /** Whether {@code presented} is this session's token, compared in constant time. */
    boolean matches(String user, String nonce, String presented) {
        if (!wellFormed(nonce) || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(token(user, nonce).getBytes(StandardCharsets.US_ASCII),
                presented.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
