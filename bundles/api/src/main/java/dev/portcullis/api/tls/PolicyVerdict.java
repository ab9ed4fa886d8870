package dev.portcullis.api.tls;

import java.util.List;
import java.util.Objects;

/**
 * The policy's judgement of one negotiated TLS session (RFC 9325 §4, RFC 7590 §3.6).
 *
 * @param profile                  the named profile applied (for example {@code rfc9325})
 * @param protocol                 negotiated protocol, e.g. {@code TLSv1.3}
 * @param cipherSuite              negotiated suite, IANA name
 * @param namedGroup               key-exchange group where the provider exposes it, else {@code null}
 * @param peerKeyAlgorithm         the peer end-entity key's algorithm ({@code RSA}, {@code EC}, {@code EdDSA}…), or
 *                                 {@code null} when the peer sent no certificate
 * @param peerKeyBits              its size in bits, 0 when unknown
 * @param peerSignatureAlgorithms  signature algorithms of the peer's certificates, end-entity first
 * @param violations               every rule broken; empty means accepted
 */
public record PolicyVerdict(String profile, String protocol, String cipherSuite, String namedGroup,
                            String peerKeyAlgorithm, int peerKeyBits, List<String> peerSignatureAlgorithms,
                            List<PolicyViolation> violations) {
    public PolicyVerdict {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        peerSignatureAlgorithms = List.copyOf(peerSignatureAlgorithms);
        violations = List.copyOf(violations);
    }

    /** True when no rule was broken and the stream may proceed. */
    public boolean accepted() {
        return violations.isEmpty();
    }
}
