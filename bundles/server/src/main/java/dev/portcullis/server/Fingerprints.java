package dev.portcullis.server;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** SHA-256 fingerprints, hex with colons, as admins compare them with {@code openssl x509 -fingerprint -sha256}. */
final class Fingerprints {
    private Fingerprints() {
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    static String certificate(X509Certificate c) {
        try {
            return sha256(c.getEncoded());
        } catch (CertificateEncodingException e) {
            return "(unencodable)";
        }
    }

    static String spki(X509Certificate c) {
        return sha256(c.getPublicKey().getEncoded());
    }
}
