package dev.portcullis.api.dna;

/** What the certificate memory knows about a peer's certificate (RFC 7590 §3.6). */
public enum CertificateChangeKind {
    /** First time this domain presented a certificate to us. */
    FIRST_SEEN,
    /** Same certificate as last time. */
    UNCHANGED,
    /** A new certificate over the same public key (a routine renewal). */
    RENEWED_SAME_KEY,
    /** A different key: the administrator is warned. */
    CHANGED
}
