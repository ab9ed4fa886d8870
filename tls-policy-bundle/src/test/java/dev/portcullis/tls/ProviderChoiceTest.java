package dev.portcullis.tls;

import static dev.portcullis.tls.Fixtures.ALPHA;
import static dev.portcullis.tls.Fixtures.identity;
import static dev.portcullis.tls.Fixtures.inbound;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.conscrypt.Conscrypt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code provider = auto | conscrypt | sun | bc} (issue 12 item 2): Conscrypt where it loads, else SunJSSE and why. */
class ProviderChoiceTest {

    private static final String NO_NATIVE = "Conscrypt's native library (BoringSSL) does not load on linux/s390x";

    private static PolicySettings parse(Map<String, ?> props, Providers providers) throws ConfigRejection {
        return PolicySettings.parse(props, new PolicySettings.ProviderSupport() {
            @Override
            public java.util.Set<String> suites(JsseProvider kind) {
                return providers.supportedSuites(kind);
            }

            @Override
            public Optional<String> unavailable(JsseProvider kind) {
                return providers.unavailable(kind);
            }
        });
    }

    @Test
    @DisplayName("the default provider is SunJSSE (Conscrypt in the hot-updated bundle leaks its JNI library per update)")
    void theDefaultIsSunJsse() throws Exception {
        assertEquals(JsseProvider.SUN, parse(Map.of(), new Providers()).provider());
        assertEquals("SunJSSE", new TlsPolicyComponent(Map.of()).describe().provider());
    }

    @Test
    @DisplayName("provider = auto is Conscrypt where its native library loads")
    void autoIsConscryptWhereItLoads() throws Exception {
        PolicySettings s = parse(Map.of("provider", "auto"), new Providers());
        assertEquals(JsseProvider.CONSCRYPT, s.provider());
        assertNull(s.providerFallback());
        var engine = assertInstanceOf(RenegotiationGuard.class, new TlsPolicyComponent(Map.of("provider", "auto"))
                .newEngine(inbound("alpha.test", "beta.test", identity("alpha.test", ALPHA))));
        assertTrue(Conscrypt.isConscrypt(engine.delegate()), engine.delegate().getClass().getName());
        assertEquals("Conscrypt", new TlsPolicyComponent(Map.of("provider", "auto")).describe().provider());
    }

    @Test
    @DisplayName("provider = auto falls back to SunJSSE, saying why, where the native library does not load")
    void autoFallsBackToSunJsseAndSaysWhy() throws Exception {
        Providers noNative = new Providers(() -> Optional.of(NO_NATIVE));
        PolicySettings s = parse(Map.of("provider", "auto"), noNative);
        assertEquals(JsseProvider.SUN, s.provider());
        assertEquals(NO_NATIVE, s.providerFallback());
        TlsPolicyComponent policy = new TlsPolicyComponent(Map.of("provider", "auto"), noNative);
        assertEquals("SunJSSE", policy.describe().provider());
        var engine = assertInstanceOf(RenegotiationGuard.class,
                policy.newEngine(inbound("alpha.test", "beta.test", identity("alpha.test", ALPHA))));
        assertEquals("sun.security.ssl.SSLEngineImpl", engine.delegate().getClass().getName());
    }

    @Test
    @DisplayName("provider = conscrypt where it cannot load is refused, never silently replaced")
    void explicitConscryptThatCannotLoadIsRefused() {
        ConfigRejection r = assertThrows(ConfigRejection.class,
                () -> parse(Map.of("provider", "conscrypt"), new Providers(() -> Optional.of(NO_NATIVE))));
        assertEquals("provider", r.key());
        assertEquals(NO_NATIVE + "; use provider = auto or sun", r.reason());
    }

    @Test
    @DisplayName("provider = conscrypt with a TLS 1.3 suite left out is refused: BoringSSL always enables all three")
    void conscryptRefusesATls13SuiteSubset() throws Exception {
        ConfigRejection r = assertThrows(ConfigRejection.class, () -> parse(Map.of("provider", "conscrypt",
                "cipher-suites", "TLS_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"), new Providers()));
        assertEquals("cipher-suites", r.key());
        assertTrue(r.reason().startsWith("Conscrypt (BoringSSL) always enables all three TLS 1.3 suites"), r.reason());
        // the same list under auto: SunJSSE honours it, and the fallback names the setting
        PolicySettings auto = parse(Map.of("provider", "auto", "cipher-suites", "TLS_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
                new Providers());
        assertEquals(JsseProvider.SUN, auto.provider());
        assertTrue(auto.providerFallback().startsWith("Conscrypt cannot honour cipher-suites = "), auto.providerFallback());
    }

    @Test
    @DisplayName("the JVM-wide provider list is never changed (Security.addProvider is forbidden)")
    void noProviderIsInstalledJvmWide() throws Exception {
        int before = java.security.Security.getProviders().length;
        new TlsPolicyComponent(Map.of("provider", "conscrypt")).newEngine(inbound("alpha.test", "beta.test",
                identity("alpha.test", ALPHA)));
        assertEquals(before, java.security.Security.getProviders().length);
        assertNull(java.security.Security.getProvider("Conscrypt"));
    }
}
