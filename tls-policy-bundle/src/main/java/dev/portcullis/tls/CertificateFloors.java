package dev.portcullis.tls;

import dev.portcullis.api.tls.PolicyViolation;
import java.security.PublicKey;
import java.security.interfaces.DSAKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The key-size and signature floors a peer's certificate chain, and our own ({@link OwnCertificates}), must
 * meet (RFC 9325 §4.5): RSA keys of
 * at least 2048 bits, EC keys of at least 256 bits, no SHA-1 or MD5 signatures (RFC 9155) on any
 * certificate but a self-signed root, whose signature nobody relies on. Identity is not checked here:
 * that is the DNA verifier's job (RFC 7712).
 */
final class CertificateFloors {

    private CertificateFloors() {
    }

    static List<PolicyViolation> check(X509Certificate[] chain, Profile profile) {
        return check(chain, profile, "the peer's");
    }

    /** As {@link #check(X509Certificate[], Profile)}; {@code whose} is "the peer's" or "our" (our own chain). */
    static List<PolicyViolation> check(X509Certificate[] chain, Profile profile, String whose) {
        List<PolicyViolation> violations = new ArrayList<>();
        String rulePrefix = whose.equals("our") ? "local-" : "peer-";
        if (chain == null || chain.length == 0) {
            return violations;
        }
        for (int i = 0; i < chain.length; i++) {
            X509Certificate c = chain[i];
            String who = i == 0 ? whose + " certificate" : "certificate " + (i + 1) + " of " + whose + " chain";
            keyFloor(c.getPublicKey(), profile).ifPresent(d -> violations.add(
                    new PolicyViolation(rulePrefix + "key-size", who + " (" + c.getSubjectX500Principal() + ") " + d,
                            "RFC 9325 §4.5")));
            boolean selfSignedRoot = i > 0 && i == chain.length - 1
                    && c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
            if (!selfSignedRoot && weakSignature(c.getSigAlgName())) {
                violations.add(new PolicyViolation(rulePrefix + "signature-algorithm",
                        who + " (" + c.getSubjectX500Principal() + ") is signed with " + c.getSigAlgName()
                                + "; SHA-1 and MD5 signatures must not be used", "RFC 9325 §4.5, RFC 9155"));
            }
        }
        return violations;
    }

    /** Why a key is below the floor, or empty. */
    static java.util.Optional<String> keyFloor(PublicKey key, Profile profile) {
        int bits = keyBits(key);
        if (key instanceof RSAKey && bits < profile.minRsaBits()) {
            return java.util.Optional.of("has a " + bits + "-bit RSA key; at least " + profile.minRsaBits()
                    + " bits are required");
        }
        if (key instanceof ECKey && bits < profile.minEcBits()) {
            return java.util.Optional.of("has a " + bits + "-bit EC key; at least " + profile.minEcBits()
                    + " bits are required");
        }
        if (key instanceof DSAKey) {
            return java.util.Optional.of("has a DSA key, which no TLS 1.3 or BCP 195 signature scheme uses");
        }
        return java.util.Optional.empty();
    }

    static int keyBits(PublicKey key) {
        if (key instanceof RSAKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECKey ec) {
            return ec.getParams().getOrder().bitLength();
        }
        if (key instanceof DSAKey dsa) {
            return dsa.getParams().getP().bitLength();
        }
        String alg = key.getAlgorithm();
        if ("Ed25519".equalsIgnoreCase(alg) || "X25519".equalsIgnoreCase(alg)) {
            return 255;
        }
        if ("Ed448".equalsIgnoreCase(alg) || "X448".equalsIgnoreCase(alg)) {
            return 448;
        }
        if ("EdDSA".equalsIgnoreCase(alg) && key instanceof java.security.interfaces.EdECKey ed) {
            return "Ed448".equalsIgnoreCase(ed.getParams().getName()) ? 448 : 255;
        }
        return 0;
    }

    static boolean weakSignature(String sigAlgName) {
        String s = sigAlgName.toUpperCase(Locale.ROOT);
        return s.startsWith("SHA1") || s.startsWith("SHA-1") || s.startsWith("MD5") || s.startsWith("MD2");
    }
}
