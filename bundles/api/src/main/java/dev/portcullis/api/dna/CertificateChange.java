package dev.portcullis.api.dna;

import java.time.Instant;
import java.util.Objects;

/**
 * The certificate memory's verdict for one presentation of a certificate (RFC 7590 §3.6: warn when
 * a peer's certificate changes).
 *
 * @param kind                 first seen, unchanged, renewed over the same key, or changed
 * @param domain               the peer domain
 * @param currentFingerprint   SHA-256 over the DER of the presented end-entity certificate, hex with colons
 * @param previousFingerprint  the one remembered before, or {@code null} on first sight
 * @param firstSeen            when this domain was first seen
 * @param lastChanged          when its certificate last changed (equals {@code firstSeen} if never)
 * @param proven               whether the presented certificate was proven by a prooftype this time; only a proven
 *                             certificate is remembered, an unproven one is compared with the remembered one
 *                             ({@code CHANGED}: it differs) but never displaces it
 */
public record CertificateChange(CertificateChangeKind kind, String domain, String currentFingerprint,
                                String previousFingerprint, Instant firstSeen, Instant lastChanged,
                                boolean proven) {
    public CertificateChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(currentFingerprint, "currentFingerprint");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastChanged, "lastChanged");
    }

    /** True when the administrator should be warned. */
    public boolean warning() {
        return kind == CertificateChangeKind.CHANGED;
    }
}
