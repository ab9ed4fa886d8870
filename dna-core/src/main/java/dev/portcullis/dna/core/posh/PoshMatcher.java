package dev.portcullis.dna.core.posh;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a certificate matches POSH fingerprints (RFC 7711 §3.3): one of a descriptor's digests equals the
 * digest of the certificate's DER, and the certificate is inside its validity period, since POSH vouches for the
 * key, not for an expired certificate (RFC 7711 §6, RFC 5280 §4.1.2.5). The dna-verifier's POSH prooftype and the
 * checker judge here, so both accept the same certificates.
 */
public final class PoshMatcher {
    /** The outcome for one certificate. */
    public enum Outcome {
        /** A published digest matches and the certificate is valid now (RFC 7711 §3.3). */
        MATCH,
        /** No published digest matches (RFC 7711 §3.3). */
        NO_MATCH,
        /** The certificate is expired or not yet valid; fingerprints are not even compared (RFC 7711 §6). */
        OUTSIDE_VALIDITY
    }

    /**
     * @param hash the hash name that matched ({@code sha-256} …), or {@code null}
     */
    public record Result(Outcome outcome, String hash) {
        public Result {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    private PoshMatcher() {
    }

    public static Result judge(List<Map<String, byte[]>> descriptors, X509Certificate cert, Instant now) {
        if (now.isAfter(cert.getNotAfter().toInstant()) || now.isBefore(cert.getNotBefore().toInstant())) {
            return new Result(Outcome.OUTSIDE_VALIDITY, null);
        }
        byte[] der;
        try {
            der = cert.getEncoded();
        } catch (CertificateEncodingException e) {
            return new Result(Outcome.NO_MATCH, null);
        }
        for (Map<String, byte[]> descriptor : descriptors) {
            for (Map.Entry<String, byte[]> e : descriptor.entrySet()) {
                if (MessageDigest.isEqual(digest(e.getKey(), der), e.getValue())) {
                    return new Result(Outcome.MATCH, e.getKey());
                }
            }
        }
        return new Result(Outcome.NO_MATCH, null);
    }

    /** The parser keeps only {@code sha-256}, {@code sha-384} and {@code sha-512} (RFC 7711 §3.1, RFC 6920). */
    private static byte[] digest(String hashName, byte[] der) {
        try {
            return MessageDigest.getInstance(switch (hashName) {
                case "sha-256" -> "SHA-256";
                case "sha-384" -> "SHA-384";
                default -> "SHA-512";
            }).digest(der);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-2 is required of every Java platform", e);
        }
    }
}
