package dev.portcullis.tls;

import java.util.Locale;
import java.util.Optional;

/**
 * The JSSE providers an administrator can choose with {@code provider = auto | conscrypt | sun | bc}
 * ({@code auto}, the default, is Conscrypt wherever its native library loads and it can honour the whole
 * configuration, else SunJSSE: {@link PolicySettings#parse}), and what each can
 * enforce per engine on Java 17 (no JVM-wide {@code jdk.tls.*} property and no {@code Security.addProvider}
 * is ever used):
 * <ul>
 *   <li><b>SunJSSE</b> (JDK 17): protocols, cipher suites and their server-preference order, client-auth,
 *       SNI (names and matchers) through {@code SSLParameters}. No per-engine named-group or signature-scheme
 *       list ({@code SSLParameters.setNamedGroups} / {@code setSignatureSchemes} are Java 20 / 19; the
 *       JVM-wide {@code jdk.tls.namedGroups} / {@code jdk.tls.signatureSchemes} are off limits). It does ask
 *       the engine's {@code AlgorithmConstraints} about every group, every signature scheme and every peer
 *       key-agreement key, so {@link PolicyConstraints} removes groups and schemes per engine (the order stays
 *       SunJSSE's own) and enforces the DH floor. Side effect: SunJSSE offers an ECDSA scheme only while its
 *       curve is a permitted group, so with rfc9325's groups a peer with a P-521 certificate cannot complete
 *       a handshake. The negotiated group is not exposed; it is observed through the constraints. Client-
 *       initiated renegotiation can be refused only JVM-wide ({@code jdk.tls.rejectClientInitiatedRenegotiation});
 *       per engine, {@link RenegotiationGuard} turns session creation off after the first TLS 1.2 handshake
 *       (a full renegotiation then fails with handshake_failure) and closes the engine if an abbreviated one
 *       completes. Whether a TLS 1.2 peer sent renegotiation_info and extended_master_secret is neither
 *       enforceable per engine ({@code sun.security.ssl.allowLegacyHelloMessages},
 *       {@code jdk.tls.allowLegacyMasterSecret} are JVM-wide) nor observable in the session. Resumption:
 *       stateless tickets (TLS 1.2 and 1.3) bounded by the session timeout, ticket key rotated hourly per
 *       SSLContext; TLS 1.3 resumption uses psk_dhe_ke only.</li>
 *   <li><b>BCJSSE</b> (1.84): all of the above, plus exact, ordered per-engine lists of groups and signature
 *       schemes ({@code BCSSLParameters.setNamedGroups}, {@code setSignatureSchemes},
 *       {@code setSignatureSchemesCert}), kept apart from each other. It never renegotiates: its server
 *       answers a renegotiating ClientHello with a warning-level no_renegotiation alert and carries on (a peer
 *       that waits would wedge the stream), its client denies HelloRequest; so {@link RenegotiationGuard}
 *       wraps its engines too and refuses the first post-handshake handshake record at once.
 *       It resumes TLS 1.2 sessions by session ID from its per-context cache and issues no TLS 1.3 tickets.
 *       The negotiated group is not exposed.</li>
 *   <li><b>Conscrypt</b> (2.6.0, BoringSSL, embedded in this bundle with its JNI libraries): protocols,
 *       cipher suites, client-auth, SNI host names and ALPN through {@code SSLParameters}; exact, ordered
 *       key-exchange groups per engine ({@link EngineTuning}); the negotiated group is exposed. It ignores
 *       {@code AlgorithmConstraints}, but BoringSSL offers and accepts no SHA-1 handshake signature and no
 *       finite-field DH at all, so it has no TLS_DHE_* suite and no ffdhe group: a profile that needs one
 *       (rfc7525's DHE-RSA suites) is refused on it. Certificate floors are {@link FloorTrustManager}'s, as
 *       everywhere. BoringSSL never renegotiates as a server and refuses a HelloRequest as a client;
 *       {@link RenegotiationGuard} still ends the engine at the first post-handshake handshake record.
 *       Resumption: as a server it issues no tickets ({@link EngineTuning}: BoringSSL's ticket cipher is
 *       AES-128-CBC, and 2.6.0 accepted none of its TLS 1.3 tickets back), so TLS 1.2 resumes by session ID
 *       and every inbound TLS 1.3 handshake is full; as a client it resumes TLS 1.3 (psk_dhe_ke) with a
 *       server that does, by peer host and port like SunJSSE. Our private keys are handed to BoringSSL in its
 *       own form ({@link NativeKeys}), so it signs natively.</li>
 * </ul>
 * No provider implements TLS compression (RFC 9325 §3.3). All implement ALPN (RFC 7301), offered and
 * checked on direct TLS by {@link Alpn}.
 */
enum JsseProvider {
    SUN("sun", "SunJSSE"),
    BC("bc", "BCJSSE"),
    CONSCRYPT("conscrypt", "Conscrypt");

    /** The configuration value that picks Conscrypt where it works and SunJSSE elsewhere (the default). */
    static final String AUTO = "auto";
    /** The default provider's configuration value. */
    static final String SUN_NAME = "sun";

    private final String configName;
    private final String providerName;

    JsseProvider(String configName, String providerName) {
        this.configName = configName;
        this.providerName = providerName;
    }

    String configName() {
        return configName;
    }

    /** The provider's own name, as {@code Provider.getName()} reports it. */
    String providerName() {
        return providerName;
    }

    static Optional<JsseProvider> named(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (JsseProvider p : values()) {
            if (p.configName.equals(v) || p.providerName.toLowerCase(Locale.ROOT).equals(v)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
