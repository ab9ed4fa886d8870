package dev.portcullis.checker;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one certificate of the served chain says (RFC 5280 §4.1).
 *
 * @param subject            subject DN
 * @param issuer             issuer DN
 * @param subjectAltNames    "DNS:x", "SRV:_xmpp-server.x", "XmppAddr:x", "IP:…", …
 * @param notBefore          start of validity
 * @param notAfter           end of validity
 * @param keyAlgorithm       "RSA", "EC", "Ed25519", …
 * @param keyBits            modulus or field size
 * @param keyDetail          e.g. "EC P-256", "RSA 2048"
 * @param signatureAlgorithm e.g. "SHA256withECDSA"
 * @param selfSigned         subject == issuer (a root; its own signature does not matter, RFC 9325 §4.5)
 * @param sha256             SHA-256 of the DER, upper-case hex with colons (as the host and openssl show it)
 */
record CertificateFacts(String subject, String issuer, List<String> subjectAltNames, Instant notBefore,
                        Instant notAfter, String keyAlgorithm, int keyBits, String keyDetail, String signatureAlgorithm,
                        boolean selfSigned, String sha256) {
    CertificateFacts {
        Objects.requireNonNull(subject, "subject");
        subjectAltNames = List.copyOf(subjectAltNames);
    }
}
