package dev.portcullis.dna.memory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** SHA-256 fingerprints in the colon-separated hex administrators compare with {@code openssl x509 -fingerprint}. */
public final class Fingerprints {
    private Fingerprints() {
    }

    public static String certificate(X509Certificate c) {
        try {
            return hex(c.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    public static String spki(X509Certificate c) {
        return hex(c.getPublicKey().getEncoded());
    }

    private static String hex(byte[] der) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
