package dev.portcullis.tls;

import static dev.portcullis.tls.Fixtures.ALPHA;
import static dev.portcullis.tls.Fixtures.identity;
import static dev.portcullis.tls.Fixtures.inbound;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.tls.PolicyDescription;
import dev.portcullis.api.tls.StartTlsRule;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every forbidden configuration is refused with the key, the value and the clause, in the team's log
 * format, and the previous configuration stays in force (RFC 8996, RFC 9325 §3.1.1, §3.2, §3.4, §4.1).
 */
class ConfigurationRejectionTest {

    static final String FILE = "file:/opt/portcullis/etc/dev.portcullis.tls.cfg";

    static Stream<Arguments> forbidden() {
        return Stream.of(
                Arguments.of("protocols", "TLSv1.3,TLSv1", "TLS 1.0 must not be negotiated (RFC 8996 §4, RFC 9325 §3.1.1)"),
                Arguments.of("protocols", "TLSv1.2,TLSv1.1", "TLS 1.1 must not be negotiated (RFC 8996 §5, RFC 9325 §3.1.1)"),
                Arguments.of("protocols", "SSLv3", "SSL 3.0 must not be negotiated (RFC 9325 §3.1.1, RFC 7568)"),
                Arguments.of("protocols", "SSLv2Hello,TLSv1.2", "SSL 2.0 must not be negotiated (RFC 9325 §3.1.1, RFC 6176)"),
                Arguments.of("cipher-suites", "TLS_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_NULL_SHA",
                        "NULL encryption must not be negotiated (RFC 9325 §4.1)"),
                Arguments.of("cipher-suites", "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", "(RFC 5246 §A.5, RFC 9325 §4.2)"),
                Arguments.of("cipher-suites", "SSL_RSA_EXPORT_WITH_RC4_40_MD5",
                        "export-grade suites offer less than 112 bits of security (RFC 9325 §4.1)"),
                Arguments.of("cipher-suites", "TLS_ECDHE_RSA_WITH_RC4_128_SHA", "RC4 must not be negotiated (RFC 9325 §4.1, RFC 7465)"),
                Arguments.of("cipher-suites", "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
                        "DES and 3DES offer less than 128 bits of security (RFC 9325 §4.1)"),
                Arguments.of("cipher-suites", "TLS_RSA_WITH_AES_128_GCM_SHA256",
                        "static RSA or plain PSK key transport gives no forward secrecy (RFC 9325 §4.1)"),
                Arguments.of("cipher-suites", "SSL_RSA_WITH_DES_CBC_SHA", "(RFC 9325 §4.1)"),
                Arguments.of("cipher-suites", "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256",
                        "static (EC)DH key agreement gives no forward secrecy (RFC 9325 §4.1)"),
                Arguments.of("starttls", "optional", "(RFC 9325 §3.2, RFC 7590 §3.1)"),
                Arguments.of("session-timeout", "0", "(RFC 9325 §3.4; 0 would mean unlimited)"),
                Arguments.of("session-timeout", "a week", "not a number of seconds"),
                Arguments.of("profile", "modern", "unknown profile"),
                Arguments.of("provider", "openssl", "unknown JSSE provider"),
                Arguments.of("plaintext-domains", "*.legacy.test", "not a domain name"),
                Arguments.of("peer.legacy.test.profile", "tls10", "unknown profile"),
                Arguments.of("peer.legacy.test.protocols", "TLSv1", "unknown key"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("forbidden")
    void refusesForbiddenValueNamingKeyValueAndClause(String key, String value, String reasonPart) {
        ConfigRejection r = assertThrows(ConfigRejection.class, () -> PolicySettings.parse(Map.of(key, value),
                new Providers()::supportedSuites));
        assertEquals(key, r.key());
        assertEquals(value, r.value());
        assertTrue(r.reason().contains(reasonPart), r.reason());
        String line = TlsPolicyComponent.rejectionLine(Map.of("felix.fileinstall.filename", FILE), r);
        assertTrue(line.startsWith("Rejected configuration dev.portcullis.tls from " + FILE + ": " + key + " = " + value + ": "), line);
        assertTrue(line.endsWith("; the previous configuration stays in force"), line);
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void refusesSuiteNamesTheProviderDoesNotKnow(String provider) {
        ConfigRejection r = assertThrows(ConfigRejection.class, () -> PolicySettings.parse(
                Map.of("provider", provider, "cipher-suites", "TLS_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA265"),
                new Providers()::supportedSuites));
        assertEquals("cipher-suites", r.key());
        assertTrue(r.reason().startsWith("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA265: not a cipher suite"), r.reason());
    }

    @Test
    void refusesTls13WithoutAnyTls13Suite() {
        ConfigRejection r = assertThrows(ConfigRejection.class, () -> PolicySettings.parse(
                Map.of("cipher-suites", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
                new Providers()::supportedSuites));
        assertTrue(r.reason().startsWith("TLSv1.3 is enabled but no TLSv1.3 cipher suite is"), r.reason());
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void aRejectedChangeLeavesThePreviousConfigurationInForce(String provider) throws Exception {
        String kept = provider.equals("conscrypt") ? "rfc9325" : "rfc7525";   // Conscrypt refuses rfc7525 (no DHE)
        TlsPolicyComponent policy = Fixtures.policy(provider, "profile", kept, "plaintext-domains", "old.test");
        PolicyDescription before = policy.describe();
        policy.modified(Fixtures.config(provider, "profile", "tls13", "protocols", "TLSv1.2,TLSv1.1",
                "felix.fileinstall.filename", FILE));
        assertEquals(before, policy.describe());
        assertEquals(kept, policy.describe().profile());
        assertEquals(List.of("TLSv1.3", "TLSv1.2"),
                List.of(policy.newEngine(inbound("alpha.test", "x.test", identity("alpha.test", ALPHA))).getEnabledProtocols()));
        assertEquals(StartTlsRule.PLAINTEXT_PERMITTED, policy.startTls("old.test"));
    }

    /** A file rejected at activation never falls back to the wider built-in defaults: nothing is served. */
    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void aConfigurationRejectedAtActivationRefusesEveryEngineUntilFixedFailClosed(String provider) throws Exception {
        TlsPolicyComponent policy = Fixtures.policy(provider, "profile", "tls13", "protocols", "TLSv1.3,TLSv1",
                "plaintext-domains", "old.test", "felix.fileinstall.filename", FILE);
        var context = inbound("alpha.test", "x.test", identity("alpha.test", ALPHA));
        dev.portcullis.api.tls.TlsPolicyException e = assertThrows(dev.portcullis.api.tls.TlsPolicyException.class,
                () -> policy.newEngine(context), "the defaults would negotiate TLS 1.2, which the file ruled out");
        assertEquals("No TLS for s2s: configuration dev.portcullis.tls from " + FILE + " was rejected (protocols = "
                + "TLSv1.3,TLSv1); correct 'protocols' and save the file", e.getMessage());
        assertEquals(StartTlsRule.REQUIRED, policy.startTls("old.test"), "no plaintext exception from a rejected file");
        policy.modified(Fixtures.config(provider, "profile", "tls13"));
        assertEquals(List.of("TLSv1.3"), List.of(policy.newEngine(context).getEnabledProtocols()), "the fixed file applies");
    }

    @Test
    void reportsUnknownKeysButNotTheFrameworksOwn() {
        assertEquals(List.of("protocol"), PolicySettings.unknownKeys(Map.of("protocol", "TLSv1.3", "service.pid",
                "dev.portcullis.tls", "felix.fileinstall.filename", FILE, "component.id", 3, "peer.a.test.profile", "tls13")));
    }

    @Test
    void aValidCustomListReplacesTheProfilesList() throws Exception {
        TlsPolicyComponent policy = Fixtures.policy("sun", "protocols", "TLSv1.3",
                "cipher-suites", "TLS_AES_256_GCM_SHA384, TLS_AES_128_GCM_SHA256");
        PolicyDescription d = policy.describe();
        assertEquals("rfc9325+custom", d.profile());
        assertEquals(List.of("TLSv1.3"), d.protocols());
        assertEquals(List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"), d.cipherSuites());
    }

    @Test
    void starttlsIsRequiredForEveryPeerButTheNamedPlaintextDomains() {
        TlsPolicyComponent policy = Fixtures.policy("sun", "starttls", "required", "plaintext-domains", "a.test, B.test");
        assertEquals(StartTlsRule.PLAINTEXT_PERMITTED, policy.startTls("a.test"), "RFC 7590 §3.1: named exception");
        assertEquals(StartTlsRule.PLAINTEXT_PERMITTED, policy.startTls("b.test"));
        assertEquals(StartTlsRule.REQUIRED, policy.startTls("c.test"), "RFC 9325 §3.2: strict by default");
        assertEquals(StartTlsRule.REQUIRED, policy.startTls("sub.a.test"));
        assertEquals(StartTlsRule.REQUIRED, Fixtures.policy("sun").startTls("a.test"));
    }

    @Test
    void describeShowsProfileProviderOverridesAndPlaintextPeers() {
        PolicyDescription d = Fixtures.policy("bc", "peer.Legacy.Test.profile", "rfc7525", "peer.new.test.profile", "tls13",
                "plaintext-domains", "z.test,a.test").describe();
        assertEquals("rfc9325", d.profile());
        assertEquals("BCJSSE", d.provider());
        assertEquals(Map.of("legacy.test", "rfc7525", "new.test", "tls13"), d.peerProfiles());
        assertEquals(List.of("a.test", "z.test"), d.plaintextPeers());
        assertEquals(Profile.RFC9325.cipherSuites(), d.cipherSuites());
        assertEquals(Set.of("TLSv1.3", "TLSv1.2"), Set.copyOf(d.protocols()));
    }
}
