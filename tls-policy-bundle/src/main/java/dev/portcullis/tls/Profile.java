package dev.portcullis.tls;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A named TLS profile (like OkHttp's {@code ConnectionSpec}): protocols, cipher suites in server
 * preference order, key-exchange groups, signature schemes and key-size floors.
 *
 * @param name             the name used in configuration ({@code profile}, {@code peer.<domain>.profile})
 * @param protocols        enabled protocols, preferred first (RFC 9325 §3.1.1: prefer TLS 1.3)
 * @param cipherSuites     enabled suites, IANA names, in server preference order
 * @param namedGroups      key-exchange groups, preferred first
 * @param signatureSchemes handshake signature schemes (RFC 8446 §4.2.3 names)
 * @param minRsaBits       smallest RSA modulus accepted from a peer (RFC 9325 §4.5)
 * @param minEcBits        smallest EC key accepted from a peer
 * @param minDhBits        smallest finite-field DH group accepted (RFC 9325 §4.5, RFC 7919)
 * @param source           the specification the profile follows, for logs and reviews
 */
record Profile(String name, List<String> protocols, List<String> cipherSuites, List<String> namedGroups,
               List<String> signatureSchemes, int minRsaBits, int minEcBits, int minDhBits, String source) {

    static final String TLS13 = "TLSv1.3";
    static final String TLS12 = "TLSv1.2";

    /** TLS 1.3 suites (RFC 8446 §9.1: AES-128-GCM is mandatory; the stronger AES-256 first, RFC 9325 §4.2.1). */
    static final List<String> TLS13_SUITES = List.of(
            "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256");

    /** Groups of RFC 9325 §4.2.1 (x25519, secp256r1) plus secp384r1, and RFC 7919 groups of at least 2048 bits. */
    static final List<String> GROUPS = List.of(
            "x25519", "secp256r1", "secp384r1", "ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192");

    /** Signature schemes without SHA-1 or MD5 (RFC 9325 §4.5, RFC 9155). */
    static final List<String> SIGNATURE_SCHEMES = List.of(
            "ecdsa_secp256r1_sha256", "ecdsa_secp384r1_sha384", "ecdsa_secp521r1_sha512",
            "ed25519", "ed448",
            "rsa_pss_rsae_sha256", "rsa_pss_rsae_sha384", "rsa_pss_rsae_sha512",
            "rsa_pss_pss_sha256", "rsa_pss_pss_sha384", "rsa_pss_pss_sha512",
            "rsa_pkcs1_sha256", "rsa_pkcs1_sha384", "rsa_pkcs1_sha512");

    /**
     * The default (BCP 195 as of 2022): TLS 1.3 preferred, TLS 1.2 only with ECDHE and AEAD suites
     * (RFC 9325 §3.1.1, §4.1, §4.2), RSA and DH of at least 2048 bits, EC of at least 256 (§4.5).
     */
    static final Profile RFC9325 = new Profile("rfc9325", List.of(TLS13, TLS12),
            concat(TLS13_SUITES, List.of(
                    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256")),
            GROUPS, SIGNATURE_SCHEMES, 2048, 256, 2048, "RFC 9325");

    /**
     * BCP 195 as of 2015: TLS 1.2 at least, the four suites of RFC 7525 §4.2 (ECDHE-RSA and DHE-RSA with
     * AES-GCM; ECDHE-RSA-AES-128-GCM preferred over weaker ones per §4.2.1), TLS 1.3 suites when 1.3 is used.
     */
    static final Profile RFC7525 = new Profile("rfc7525", List.of(TLS13, TLS12),
            concat(TLS13_SUITES, List.of(
                    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                    "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256")),
            GROUPS, SIGNATURE_SCHEMES, 2048, 256, 2048, "RFC 7525");

    /** TLS 1.3 only (RFC 8446; RFC 9325 §3.1.1 allows foregoing TLS 1.2 where interoperability permits). */
    static final Profile TLS13_ONLY = new Profile("tls13", List.of(TLS13), TLS13_SUITES,
            GROUPS, SIGNATURE_SCHEMES, 2048, 256, 2048, "RFC 8446");

    static final List<Profile> BUILT_IN = List.of(RFC9325, RFC7525, TLS13_ONLY);

    Profile {
        Objects.requireNonNull(name, "name");
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
        namedGroups = List.copyOf(namedGroups);
        signatureSchemes = List.copyOf(signatureSchemes);
        if (protocols.isEmpty() || cipherSuites.isEmpty()) {
            throw new IllegalArgumentException("profile " + name + " enables no protocol or no cipher suite");
        }
    }

    /** A built-in profile by configuration name. */
    static Optional<Profile> named(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return BUILT_IN.stream().filter(p -> p.name.equals(n)).findFirst();
    }

    /** This profile with the administrator's own protocol and/or suite lists (already validated). */
    Profile customised(List<String> customProtocols, List<String> customSuites) {
        return new Profile(name + "+custom",
                customProtocols.isEmpty() ? protocols : customProtocols,
                customSuites.isEmpty() ? cipherSuites : customSuites,
                namedGroups, signatureSchemes, minRsaBits, minEcBits, minDhBits, source);
    }

    String[] protocolArray() {
        return protocols.toArray(String[]::new);
    }

    String[] cipherSuiteArray() {
        return cipherSuites.toArray(String[]::new);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
