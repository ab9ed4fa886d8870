package dev.portcullis.dialback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Dialback keys per XEP-0185 §2: {@code HMAC-SHA256(hex(SHA256(secret)), receiving SP originating SP
 * stream-id)}, as lowercase hex. Pure functions: the secret is passed in, nothing is kept.
 */
final class DialbackKeys {

    private DialbackKeys() {
    }

    /**
     * The key for one domain pair on one stream.
     *
     * @param secret            the shared secret of the authoritative server's network (XEP-0185 §2 note 3)
     * @param receivingDomain   the target domain
     * @param originatingDomain the sender domain
     * @param streamId          the stream ID the receiving server issued
     */
    static String compute(String secret, String receivingDomain, String originatingDomain, String streamId) {
        try {
            // XEP-0185 §2 note 2: the secret is hashed first; note 4: that hash is used in hex form.
            String hashedSecret = HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hashedSecret.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            // XEP-0185 §2 note 5: U+0020 between the parts avoids ambiguous concatenations.
            String text = receivingDomain + ' ' + originatingDomain + ' ' + streamId;
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 and HmacSHA256 are required of every Java platform", e);
        }
    }

    /** Compares keys in constant time, so response timing does not leak how much of a guess was right. */
    static boolean matches(String expected, String presented) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    }
}
