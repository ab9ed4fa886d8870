package dev.portcullis.dna.core.fingerprint;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * The certificate association data of a TLSA record (RFC 6698 §2.1.2 selector, §2.1.3 matching type): what a
 * TLSA record publishes for a certificate and what a DANE client compares. Written once so the records
 * {@code ./portcullis tlsa} prints are the ones the verifier and the checker match.
 */
public final class TlsaAssociation {
    /** Selector 0: the full certificate (RFC 6698 §2.1.2). */
    public static final int SELECTOR_CERT = 0;
    /** Selector 1: the SubjectPublicKeyInfo (RFC 6698 §2.1.2). */
    public static final int SELECTOR_SPKI = 1;
    /** Matching type 0: the selected content itself (RFC 6698 §2.1.3). */
    public static final int MATCH_FULL = 0;
    /** Matching type 1: SHA-256 of the selected content (RFC 6698 §2.1.3). */
    public static final int MATCH_SHA256 = 1;
    /** Matching type 2: SHA-512 of the selected content (RFC 6698 §2.1.3). */
    public static final int MATCH_SHA512 = 2;

    private TlsaAssociation() {
    }

    /**
     * The association data for {@code c}.
     *
     * @throws IllegalArgumentException for a selector or matching type RFC 6698 does not define, or a certificate
     *                                  that cannot be encoded
     */
    public static byte[] data(X509Certificate c, int selector, int matchingType) {
        byte[] selected = switch (selector) {
            case SELECTOR_CERT -> encoded(c);
            case SELECTOR_SPKI -> c.getPublicKey().getEncoded();
            default -> throw new IllegalArgumentException("TLSA selector " + selector + " is not defined (RFC 6698 §2.1.2)");
        };
        return switch (matchingType) {
            case MATCH_FULL -> selected;
            case MATCH_SHA256 -> digest("SHA-256", selected);
            case MATCH_SHA512 -> digest("SHA-512", selected);
            default -> throw new IllegalArgumentException("TLSA matching type " + matchingType
                    + " is not defined (RFC 6698 §2.1.3)");
        };
    }

    /** The same in the zone-file presentation form: lower-case hex, no separators (RFC 6698 §2.2). */
    public static String hex(X509Certificate c, int selector, int matchingType) {
        return HexFormat.of().formatHex(data(c, selector, matchingType));
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java platform", e);
        }
    }
}
