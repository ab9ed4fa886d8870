package dev.portcullis.openfire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One real Openfire for the class, first stock, then with the plugin dropped into plugins/, replaced and removed
 * while it runs: the static-RSA and CBC suites stock Openfire negotiates on its s2s port are refused while the
 * plugin is in (RFC 9325 §4.1), and negotiate again once it is removed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenfireS2sTlsPolicyIT {

    private static final String POLICY_IN_FORCE = "Portcullis: s2s TLS policy rfc9325 in force";
    private static final String STARTED = "Portcullis: embedded OSGi framework started";
    private static final String RESTORED = "Portcullis: the plugin was removed; Openfire's own s2s TLS settings";
    private static final Duration PLUGIN_LOAD = Duration.ofSeconds(120);

    private OpenfireLab openfire;
    private Instant start;

    @BeforeAll
    void startStockOpenfire() throws Exception {
        start = Instant.now();
        openfire = OpenfireLab.start(Path.of("target/it/" + getClass().getSimpleName()), false, "127.0.0.1", 0, Map.of());
        System.out.println("[timing] stock Openfire started in " + Duration.between(start, Instant.now()).toMillis() + " ms");
    }

    @AfterAll
    void stop() {
        if (openfire != null) {
            openfire.close();
        }
        System.out.println("[timing] " + getClass().getSimpleName() + " took " + Duration.between(start, Instant.now()).toMillis() + " ms");
    }

    @Order(1)
    @ParameterizedTest(name = "stock Openfire negotiates {0} on its s2s port (the probe can fail)")
    @ValueSource(strings = {"AES128-SHA", "ECDHE-RSA-AES128-SHA", "AES128-GCM-SHA256", "DHE-RSA-AES128-GCM-SHA256"})
    void stockOpenfireNegotiatesWeakSuite(String suite) throws Exception {
        OpenSslProbe.Result r = probe("-tls1_2", suite);
        assertEquals(suite, r.cipher(), r.output());
    }

    @Order(2)
    @Test
    @DisplayName("the plugin dropped into plugins/ puts the rfc9325 profile on the s2s listeners, TLS required (RFC 7590 §3.1)")
    void pluginDroppedInPutsPolicyInForce() throws Exception {
        Instant t = Instant.now();
        openfire.replacePlugin();
        openfire.awaitLogCount(STARTED, 1, PLUGIN_LOAD);
        openfire.awaitLogCount(POLICY_IN_FORCE, 1, PLUGIN_LOAD);
        System.out.println("[timing] plugin loaded " + Duration.between(t, Instant.now()).toMillis() + " ms after the jar was copied");
        openfire.awaitListening(openfire.s2sPort(), Duration.ofSeconds(30));
    }

    @Order(3)
    @ParameterizedTest(name = "with the plugin {0} is refused on the s2s port (RFC 9325 §4.1)")
    @ValueSource(strings = {"AES128-SHA", "ECDHE-RSA-AES128-SHA", "AES128-GCM-SHA256", "DHE-RSA-AES128-GCM-SHA256"})
    void weakSuiteRefusedUnderRfc9325(String suite) throws Exception {
        int refusals = openfire.count("s2s TLS handshake with");
        OpenSslProbe.Result r = probe("-tls1_2", suite);
        assertFalse(r.negotiated(), r.output());
        openfire.awaitLogCount("(RFC 9325 §4.1: only ECDHE with AEAD suites", refusals + 1, Duration.ofSeconds(20));
    }

    @Order(4)
    @Test
    @DisplayName("with the plugin an ECDHE-AEAD TLS 1.2 suite and TLS 1.3 still negotiate (RFC 9325 §4.1, RFC 8446)")
    void strongSuitesStillNegotiate() throws Exception {
        assertEquals("ECDHE-RSA-AES128-GCM-SHA256", probe("-tls1_2", "ECDHE-RSA-AES128-GCM-SHA256").cipher());
        OpenSslProbe.Result r13 = probe("-tls1_3", null);
        assertEquals("TLSv1.3", r13.protocol(), r13.output());
    }

    @Order(5)
    @Test
    @DisplayName("a peer offering only TLS 1.1 is refused, and Openfire's log cites RFC 8996 §2")
    void tls11OnlyPeerRefusedWithClauseInLog() throws Exception {
        int before = openfire.count("(RFC 8996 §2, §3; RFC 9325 §3.1.1");
        OpenSslProbe.Result r = probe("-tls1_1", "DEFAULT:@SECLEVEL=0");
        assertFalse(r.negotiated(), r.output());
        openfire.awaitLogCount("(RFC 8996 §2, §3; RFC 9325 §3.1.1", before + 1, Duration.ofSeconds(20));
    }

    @Order(6)
    @Test
    @DisplayName("the plugin jar replaced while Openfire runs: the framework restarts, the policy stays in force")
    void pluginReplacedWhileRunning() throws Exception {
        Instant t = Instant.now();
        int loads = openfire.count(STARTED);
        openfire.replacePlugin();
        openfire.awaitLogCount(STARTED, loads + 1, PLUGIN_LOAD);
        System.out.println("[timing] plugin reloaded " + Duration.between(t, Instant.now()).toMillis() + " ms after the jar was replaced");
        assertFalse(probe("-tls1_2", "AES128-SHA").negotiated());
        assertEquals(java.util.List.of(), openfire.portcullisErrors(), "errors in Openfire's log");
    }

    @Order(7)
    @Test
    @DisplayName("the plugin jar removed: Openfire's own s2s settings come back and it keeps serving s2s")
    void pluginRemovedRestoresOpenfireSettings() throws Exception {
        openfire.removePlugin();
        openfire.awaitLogCount(RESTORED, 1, PLUGIN_LOAD);
        openfire.awaitListening(openfire.s2sPort(), Duration.ofSeconds(30));
        assertEquals("AES128-SHA", probe("-tls1_2", "AES128-SHA").cipher());
        assertTrue(openfire.count("Portcullis: plugin stopped") >= 2);
    }

    private OpenSslProbe.Result probe(String version, String cipher) throws Exception {
        return OpenSslProbe.probe(openfire.address(), openfire.s2sPort(), OpenfireLab.DOMAIN, version, cipher);
    }
}
