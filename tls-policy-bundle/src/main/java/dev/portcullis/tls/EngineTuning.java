package dev.portcullis.tls;

import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import org.bouncycastle.jsse.BCSSLEngine;
import org.bouncycastle.jsse.BCSSLParameters;
import org.conscrypt.Conscrypt;
import org.conscrypt.PortcullisEngineAccess;

/**
 * Provider-specific per-engine settings that {@code javax.net.ssl.SSLParameters} cannot express on
 * Java 17. BCJSSE takes exact, ordered group and signature-scheme lists per engine; Conscrypt takes an exact,
 * ordered group list (BoringSSL has no finite-field groups, so the profile's ffdhe groups are left out, and
 * its signature schemes are fixed: no SHA-1, no MD5); SunJSSE has no such API before Java 19/20, so for it
 * the groups and schemes are narrowed by {@link PolicyConstraints} only (it still offers them in its own
 * order) and {@link SessionReview} reports what was used.
 */
final class EngineTuning {

    /** The TLS groups BoringSSL implements, by the names our profiles use (RFC 8446 §4.2.7). */
    private static final Set<String> BORINGSSL_GROUPS = Set.of("x25519", "secp256r1", "secp384r1", "secp521r1");

    private EngineTuning() {
    }

    static void apply(SSLEngine engine, Profile profile) {
        if (engine instanceof BCSSLEngine bc) {
            BCSSLParameters p = bc.getParameters();
            p.setNamedGroups(profile.namedGroups().toArray(String[]::new));
            p.setSignatureSchemes(profile.signatureSchemes().toArray(String[]::new));
            p.setSignatureSchemesCert(profile.signatureSchemes().toArray(String[]::new));
            p.setUseNamedGroupsOrder(true);
            bc.setParameters(p);
        } else if (isConscrypt(engine)) {
            PortcullisEngineAccess.setNamedGroups(engine, conscryptGroups(profile));
            // Conscrypt sets SSL_OP_NO_TICKET unless asked. As a client we take tickets (a SunJSSE server's
            // resume). As a server we issue none: BoringSSL protects its own tickets with AES-128-CBC and
            // HMAC-SHA256, weaker than our AES-256-GCM suites (RFC 9325 §3.4: at least as strong as the
            // connection's cipher), and Conscrypt 2.6.0 accepts no TLS 1.3 ticket back anyway; TLS 1.2 then
            // resumes from the server's session cache by session ID, no ticket key involved.
            Conscrypt.setUseSessionTickets(engine, engine.getUseClientMode());
            if (!engine.getUseClientMode() && !profile.protocols().contains(Profile.TLS12)) {
                // Conscrypt 2.6.0 picks the server certificate's key types from the enabled TLS 1.2 suites only,
                // so a TLS 1.3-only server would present no certificate (BoringSSL NO_CERTIFICATE_SET). These
                // name the key types; with TLS 1.2 disabled on the engine they can never be negotiated.
                String[] suites = java.util.stream.Stream.concat(profile.cipherSuites().stream(),
                        KEY_TYPE_SUITES.stream()).distinct().toArray(String[]::new);
                engine.setEnabledCipherSuites(suites);
            }
        }
    }

    /** TLS 1.2 suites that name the EC and RSA server key types, for Conscrypt's certificate choice. */
    static final java.util.List<String> KEY_TYPE_SUITES = java.util.List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");

    /** The profile's groups BoringSSL implements, in the profile's order. */
    static String[] conscryptGroups(Profile profile) {
        return profile.namedGroups().stream().filter(BORINGSSL_GROUPS::contains).toArray(String[]::new);
    }

    /**
     * The group a finished handshake used: Conscrypt reports it; for the others it is the group of the last
     * peer key-agreement key the engine's constraints were asked about (RFC 7590 §3.6).
     */
    static String negotiatedGroup(SSLEngine engine, PolicyConstraints constraints) {
        if (isConscrypt(engine)) {
            String g = PortcullisEngineAccess.negotiatedGroup(engine);
            return g == null ? null : boringSslGroupName(g);
        }
        return constraints.observedGroup();
    }

    /** BoringSSL says X25519, P-256, P-384, P-521; the policy uses the RFC 8446 names. */
    private static String boringSslGroupName(String g) {
        return switch (g) {
            case "P-256" -> "secp256r1";
            case "P-384" -> "secp384r1";
            case "P-521" -> "secp521r1";
            default -> g.toLowerCase(Locale.ROOT);
        };
    }

    /**
     * The engine object a provider passes to our key manager for this engine: Conscrypt passes the engine
     * inside the wrapper that {@code createSSLEngine} returned, the others the engine itself.
     */
    static SSLEngine callbackIdentity(SSLEngine engine) {
        return isConscrypt(engine) ? PortcullisEngineAccess.unwrap(engine) : engine;
    }

    private static boolean isConscrypt(SSLEngine engine) {
        try {
            return Conscrypt.isConscrypt(engine);
        } catch (LinkageError noConscrypt) {
            return false;
        }
    }
}
