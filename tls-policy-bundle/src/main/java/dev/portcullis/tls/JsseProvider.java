package dev.portcullis.tls;

import java.util.Locale;
import java.util.Optional;

/**
 * The JSSE providers an administrator can choose with {@code provider = sun | bc}.
 *
 * <p>What each can enforce per engine on Java 17 (see also {@link EngineTuning}):
 * <ul>
 *   <li><b>SunJSSE</b> (17): protocols, suites and their order, client-auth and SNI through
 *       {@code SSLParameters}. It has no per-engine named-group or signature-scheme list
 *       ({@code SSLParameters.setNamedGroups} / {@code setSignatureSchemes} arrived in Java 20 / 19; the
 *       JVM-wide {@code jdk.tls.namedGroups} and {@code jdk.tls.signatureSchemes} properties are never
 *       touched). It does consult the engine's {@code AlgorithmConstraints} for every group, signature
 *       scheme and peer key-agreement key, so {@link PolicyConstraints} narrows them per engine.
 *       Client-initiated renegotiation can only be refused JVM-wide
 *       ({@code jdk.tls.rejectClientInitiatedRenegotiation}); per engine, {@link RenegotiationGuard} refuses
 *       any TLS 1.2 handshake after the first.</li>
 *   <li><b>BCJSSE</b> (1.84): everything above plus exact per-engine group and signature-scheme lists
 *       ({@code BCSSLParameters.setNamedGroups}, {@code setSignatureSchemes}, {@code setSignatureSchemesCert});
 *       it never renegotiates (its TLS server answers a renegotiating ClientHello with a
 *       {@code no_renegotiation} alert; its client denies HelloRequest).</li>
 * </ul>
 */
enum JsseProvider {
    SUN("sun", "SunJSSE"),
    BC("bc", "BCJSSE");

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
