package dev.portcullis.dna.core.fingerprint;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * SHA-256 fingerprints in the one form administrators see everywhere: upper-case hex pairs separated by colons,
 * as {@code openssl x509 -fingerprint -sha256} prints them, so an administrator inspecting a certificate or a
 * change warning (RFC 7590 §3.6) can compare it with the peer administrator's.
 */
public final class Fingerprints {
    private static final HexFormat HEX = HexFormat.ofDelimiter(":").withUpperCase();

    private Fingerprints() {
    }

    /** SHA-256 over the DER of the whole certificate. */
    public static String certificate(X509Certificate c) {
        try {
            return sha256(c.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    /** SHA-256 over the DER of the certificate's SubjectPublicKeyInfo (stays the same across a same-key renewal). */
    public static String spki(X509Certificate c) {
        return sha256(c.getPublicKey().getEncoded());
    }

    public static String sha256(byte[] data) {
        return digest("SHA-256", data);
    }

    /**
     * {@code data}'s digest in the same form, for the rare view that also shows another algorithm (the console's
     * SHA-1 column for administrators whose tools still print it).
     */
    public static String digest(String algorithm, byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java platform", e);
        }
    }
}
