package dev.portcullis.api.dna;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the certificate memory (RFC 7590 §3.6), for display.
 *
 * @param domain              the peer domain
 * @param fingerprint         SHA-256 of the current certificate's DER, hex with colons
 * @param spkiFingerprint     SHA-256 of its SubjectPublicKeyInfo
 * @param previousFingerprint the certificate before the last change, or {@code null}
 * @param firstSeen           first presentation
 * @param lastSeen            latest presentation
 * @param lastChanged         latest change of certificate
 * @param lastChangeKind      {@link CertificateChangeKind#FIRST_SEEN}, {@code RENEWED_SAME_KEY} or {@code CHANGED}
 * @param changeProven        whether the current certificate was proven when it was first presented
 */
public record RememberedCertificate(String domain, String fingerprint, String spkiFingerprint,
                                    String previousFingerprint, Instant firstSeen, Instant lastSeen,
                                    Instant lastChanged, CertificateChangeKind lastChangeKind, boolean changeProven) {
    public RememberedCertificate {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
