package dev.portcullis.tls;

import java.util.Locale;
import java.util.Optional;

/**
 * The protocols and cipher suites no configuration may enable, each with the clause that forbids it.
 * Applied to the administrator's own {@code protocols} and {@code cipher-suites} lists and, as a second
 * line, to every negotiated session in {@link SessionReview}.
 */
final class ForbiddenAlgorithms {

    private ForbiddenAlgorithms() {
    }

    /** Why a protocol version may not be enabled, or empty if it may. */
    static Optional<String> protocol(String protocol) {
        switch (protocol) {
            case "SSLv2", "SSLv2Hello":
                return Optional.of("SSL 2.0 must not be negotiated (RFC 9325 §3.1.1, RFC 6176)");
            case "SSLv3":
                return Optional.of("SSL 3.0 must not be negotiated (RFC 9325 §3.1.1, RFC 7568)");
            case "TLSv1":
                return Optional.of("TLS 1.0 must not be negotiated (RFC 8996 §4, RFC 9325 §3.1.1)");
            case "TLSv1.1":
                return Optional.of("TLS 1.1 must not be negotiated (RFC 8996 §5, RFC 9325 §3.1.1)");
            case Profile.TLS12, Profile.TLS13:
                return Optional.empty();
            default:
                return Optional.of("not a TLS version this policy knows; use TLSv1.3 and/or TLSv1.2 (RFC 9325 §3.1.1)");
        }
    }

    /** Why a cipher suite may not be enabled, or empty if it may. */
    static Optional<String> cipherSuite(String suite) {
        String s = suite.toUpperCase(Locale.ROOT);
        if (s.endsWith("_SCSV")) {
            return Optional.of("a signalling value, not a cipher suite; the provider sends it on its own (RFC 5746 §3.3)");
        }
        if (s.contains("_NULL_") || s.endsWith("_NULL") || s.contains("WITH_NULL")) {
            return Optional.of("NULL encryption must not be negotiated (RFC 9325 §4.1)");
        }
        if (s.contains("_ANON_")) {
            return Optional.of("anonymous key exchange authenticates no one and is open to man-in-the-middle attacks "
                    + "(RFC 5246 §A.5, RFC 9325 §4.2)");
        }
        if (s.contains("EXPORT")) {
            return Optional.of("export-grade suites offer less than 112 bits of security (RFC 9325 §4.1)");
        }
        if (s.contains("_RC4_")) {
            return Optional.of("RC4 must not be negotiated (RFC 9325 §4.1, RFC 7465)");
        }
        if (s.contains("3DES") || s.contains("_DES_") || s.contains("DES40") || s.contains("_DES_CBC")) {
            return Optional.of("DES and 3DES offer less than 128 bits of security (RFC 9325 §4.1)");
        }
        if (s.contains("_RC2_") || s.contains("_IDEA_") || s.contains("_40_") || s.contains("_56_")) {
            return Optional.of("suites with less than 128 bits of security must not be negotiated (RFC 9325 §4.1)");
        }
        if (s.startsWith("TLS_RSA_") || s.startsWith("SSL_RSA_") || s.startsWith("TLS_RSA_PSK_")
                || s.startsWith("TLS_PSK_")) {
            return Optional.of("static RSA or plain PSK key transport gives no forward secrecy (RFC 9325 §4.1)");
        }
        if (s.startsWith("TLS_DH_") || s.startsWith("SSL_DH_") || s.startsWith("TLS_ECDH_")) {
            return Optional.of("static (EC)DH key agreement gives no forward secrecy (RFC 9325 §4.1)");
        }
        if (s.startsWith("TLS_KRB5") || s.startsWith("SSL_FORTEZZA") || s.startsWith("TLS_SRP")) {
            return Optional.of("not a forward-secret certificate-based suite (RFC 9325 §4.1)");
        }
        return Optional.empty();
    }

    /** TLS 1.3 suites have no key exchange in their name (RFC 8446 §B.4). */
    static boolean isTls13Suite(String suite) {
        return suite.startsWith("TLS_") && !suite.contains("_WITH_");
    }
}
