package dev.portcullis.dna.core.dane;

import dev.portcullis.api.dna.TlsaRecord;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;

/**
 * The selector and matching-type arithmetic of RFC 6698 §2.1.2-§2.1.3 (names from RFC 7218 §2.2-§2.3):
 * Cert(0) is the DER of the whole certificate, SPKI(1) its SubjectPublicKeyInfo; Full(0) compares it as is,
 * SHA2-256(1) and SHA2-512(2) compare its digest.
 */
public final class TlsaSelection {
    private TlsaSelection() {
    }

    /** RFC 6698 §4.1 / RFC 7671 §4: only known usages, selectors and matching types are usable. */
    public static boolean usable(TlsaRecord r) {
        return r.usable();
    }

    public static boolean matches(TlsaRecord r, X509Certificate cert) {
        byte[] value = associationData(cert, r.selector(), r.matchingType());
        return value != null && MessageDigest.isEqual(value, r.data());
    }

    /**
     * The certificate association data a TLSA record with this selector and matching type carries for
     * {@code cert} (RFC 6698 §2.1.2, §2.1.3): what a zone publishes, and what a record is compared with.
     *
     * @return {@code null} for an unknown selector or matching type, or a certificate that cannot be encoded
     */
    public static byte[] associationData(X509Certificate cert, int selector, int matchingType) {
        try {
            byte[] selected = switch (selector) {
                case TlsaRecord.SELECTOR_CERT -> cert.getEncoded();
                case TlsaRecord.SELECTOR_SPKI -> cert.getPublicKey().getEncoded();
                default -> null;
            };
            if (selected == null) {
                return null;
            }
            return switch (matchingType) {
                case TlsaRecord.MATCH_FULL -> selected;
                case TlsaRecord.MATCH_SHA256 -> MessageDigest.getInstance("SHA-256").digest(selected);
                case TlsaRecord.MATCH_SHA512 -> MessageDigest.getInstance("SHA-512").digest(selected);
                default -> null;
            };
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            return null;
        }
    }

    /** RFC 7218 mnemonics, e.g. {@code DANE-EE(3) SPKI(1) SHA2-256(1)}. */
    public static String describe(TlsaRecord r) {
        String usage = switch (r.usage()) {
            case 0 -> "PKIX-TA(0)";
            case 1 -> "PKIX-EE(1)";
            case 2 -> "DANE-TA(2)";
            case 3 -> "DANE-EE(3)";
            default -> "usage " + r.usage();
        };
        String selector = switch (r.selector()) {
            case 0 -> "Cert(0)";
            case 1 -> "SPKI(1)";
            default -> "selector " + r.selector();
        };
        String matching = switch (r.matchingType()) {
            case 0 -> "Full(0)";
            case 1 -> "SHA2-256(1)";
            case 2 -> "SHA2-512(2)";
            default -> "matching type " + r.matchingType();
        };
        return usage + " " + selector + " " + matching;
    }
}
