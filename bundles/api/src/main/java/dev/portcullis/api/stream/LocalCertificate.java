package dev.portcullis.api.stream;

import java.time.Instant;
import java.util.Objects;

/**
 * A certificate one of our local domains presents (RFC 6120 §13.7.1), as the host loaded it.
 *
 * @param domain          the local domain
 * @param certificateFile the configured path of its PEM chain (a certbot {@code live/} symlink stays as configured)
 * @param subject         the end-entity certificate's subject DN
 * @param sha256          SHA-256 fingerprint of the end-entity certificate, as {@code openssl x509 -fingerprint -sha256} prints it
 * @param notAfter        when it expires
 * @param warnedDays      the smallest expiry threshold (30, 7 or 1 days) already warned about, or {@code null}
 *                        while the certificate has more than 30 days left
 * @param loaded          when the host loaded it (at start, on a configuration change, or on renewal)
 */
public record LocalCertificate(String domain, String certificateFile, String subject, String sha256, Instant notAfter,
                               Integer warnedDays, Instant loaded) {
    public LocalCertificate {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(loaded, "loaded");
    }

    /** True once a warning is due: the certificate expires within 30 days. */
    public boolean expiresSoon() {
        return warnedDays != null;
    }
}
