package dev.portcullis.tls;

import static dev.portcullis.tls.Fixtures.BETA;
import static dev.portcullis.tls.Fixtures.BETA_RSA;
import static dev.portcullis.tls.Fixtures.identity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.tls.LocalIdentity;
import dev.portcullis.api.tls.PolicyVerdict;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * openssl s_client (a TLS client nobody here wrote) probing a real STARTTLS listener whose engines come
 * from the policy ({@link StartTlsResponder}), on both providers. Old-protocol probes lower the client's
 * own security level ({@code @SECLEVEL=0}) so that it really sends a TLS 1.0/1.1 ClientHello; the tests
 * then require the server's alert, so they cannot pass merely because the client refused to try.
 */
class OpenSslStartTlsProbeTest {

    static final LocalIdentity BETA_EC = identity("beta.test", BETA);
    static final LocalIdentity RSA = identity("rsa.test", BETA_RSA);

    private static StartTlsResponder responder(String provider, Object... config) throws Exception {
        return new StartTlsResponder(Fixtures.policy(provider, config), List.of(BETA_EC, RSA));
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void refusesTls10AndTls11ClientHellos(String provider) throws Exception {
        try (StartTlsResponder r = responder(provider)) {
            OpenSsl.Probe tls10 = OpenSsl.starttls(r.port(), "beta.test", null, "-tls1", "-cipher", "DEFAULT:@SECLEVEL=0");
            assertTrue(tls10.refusedByServer(), "RFC 8996 §4: TLS 1.0 refused by the server\n" + tls10.output());
            OpenSsl.Probe tls11 = OpenSsl.starttls(r.port(), "beta.test", null, "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
            assertTrue(tls11.refusedByServer(), "RFC 8996 §5: TLS 1.1 refused by the server\n" + tls11.output());
            assertTrue(r.verdicts().isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void acceptsTls13(String provider) throws Exception {
        try (StartTlsResponder r = responder(provider)) {
            OpenSsl.Probe p = OpenSsl.starttls(r.port(), "beta.test", null, "-tls1_3");
            assertTrue(p.connected(), p.output());
            assertEquals("TLSv1.3", p.protocol());
            awaitVerdicts(r, 1);
            PolicyVerdict v = r.verdicts().get(0);
            assertEquals("TLSv1.3", v.protocol(), "RFC 9325 §3.1.1");
            assertTrue(v.accepted(), v.violations().toString());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void prefersTls13WhenTheClientOffersEverything(String provider) throws Exception {
        try (StartTlsResponder r = responder(provider)) {
            OpenSsl.Probe p = OpenSsl.starttls(r.port(), "beta.test", null);
            assertTrue(p.connected(), p.output());
            assertEquals("TLSv1.3", p.protocol(), "RFC 9325 §3.1.1: MUST prefer TLS 1.3");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void acceptsTls12EcdheAeadSuites(String provider) throws Exception {
        try (StartTlsResponder r = responder(provider)) {
            OpenSsl.Probe ec = OpenSsl.starttls(r.port(), "beta.test", null, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256");
            assertTrue(ec.connected(), ec.output());
            assertEquals("TLSv1.2", ec.protocol());
            assertEquals("ECDHE-ECDSA-AES128-GCM-SHA256", ec.cipher());
            assertTrue(ec.output().contains("Secure Renegotiation IS supported"), "RFC 5746 renegotiation_info (RFC 9325 §3.5)");
            assertTrue(ec.output().contains("Extended master secret: yes"), "RFC 7627 (RFC 9325 §3.5)");
            assertTrue(ec.output().contains("Compression: NONE"), "RFC 9325 §3.3");
            awaitVerdicts(r, 1);
            assertTrue(r.failures().isEmpty(), "an accepted TLS 1.2 session ends cleanly: " + r.failures());
            OpenSsl.Probe rsa = OpenSsl.starttls(r.port(), "rsa.test", null, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256");
            assertTrue(rsa.connected(), rsa.output());
            assertEquals("ECDHE-RSA-AES128-GCM-SHA256", rsa.cipher(), "RFC 9325 §4.2");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void refusesTls12CbcAndStaticRsaSuites(String provider) throws Exception {
        try (StartTlsResponder r = responder(provider)) {
            OpenSsl.Probe cbc = OpenSsl.starttls(r.port(), "beta.test", null, "-tls1_2",
                    "-cipher", "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384");
            assertTrue(cbc.refusedByServer(), "RFC 9325 §4.2: no CBC suites\n" + cbc.output());
            OpenSsl.Probe staticRsa = OpenSsl.starttls(r.port(), "rsa.test", null, "-tls1_2",
                    "-cipher", "AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA");
            assertTrue(staticRsa.refusedByServer(), "RFC 9325 §4.1: no static RSA key transport\n" + staticRsa.output());
        }
    }

    @ParameterizedTest
    // DHE-RSA: not on Conscrypt, which refuses rfc7525 (Fixtures#refusedOnProvider, HandshakeVerdictTest)
    @ValueSource(strings = {"sun", "bc"})
    void rfc7525ProfileAcceptsDheRsaGcmWhichRfc9325Refuses(String provider) throws Exception {
        try (StartTlsResponder old = responder(provider, "profile", "rfc7525");
             StartTlsResponder modern = responder(provider)) {
            OpenSsl.Probe accepted = OpenSsl.starttls(old.port(), "rsa.test", null, "-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256");
            assertTrue(accepted.connected(), "RFC 7525 §4.2 recommends TLS_DHE_RSA_WITH_AES_128_GCM_SHA256\n" + accepted.output());
            assertEquals("DHE-RSA-AES128-GCM-SHA256", accepted.cipher());
            OpenSsl.Probe refused = OpenSsl.starttls(modern.port(), "rsa.test", null, "-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256");
            assertTrue(refused.refusedByServer(), "RFC 9325 §4.1: TLS 1.2 DHE suites SHOULD NOT be negotiated\n" + refused.output());
            OpenSsl.Probe stillNoCbc = OpenSsl.starttls(old.port(), "rsa.test", null, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA256");
            assertTrue(stillNoCbc.refusedByServer(), "RFC 7525 §4.2 lists only AEAD suites\n" + stillNoCbc.output());
        }
    }

    @ParameterizedTest
    // DHE-RSA: not on Conscrypt, which refuses rfc7525 (Fixtures#refusedOnProvider, HandshakeVerdictTest)
    @ValueSource(strings = {"sun", "bc"})
    void perPeerOverrideFollowsTheInitiatingDomainInTheStreamHeader(String provider) throws Exception {
        try (StartTlsResponder r = responder(provider, "peer.legacy.test.profile", "rfc7525")) {
            OpenSsl.Probe legacy = OpenSsl.starttlsFrom(r.port(), "rsa.test", "legacy.test", null,
                    "-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256");
            assertTrue(legacy.connected(), "legacy.test is under rfc7525 (RFC 7525 §4.2)\n" + legacy.output());
            OpenSsl.Probe other = OpenSsl.starttlsFrom(r.port(), "rsa.test", "modern.test", null,
                    "-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256");
            assertTrue(other.refusedByServer(), "modern.test stays under rfc9325 (RFC 9325 §4.1)\n" + other.output());
            awaitVerdicts(r, 1);
            assertEquals("rfc7525", r.verdicts().get(0).profile());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void tls13ProfileRefusesTls12(String provider) throws Exception {
        try (StartTlsResponder r = responder(provider, "profile", "tls13")) {
            OpenSsl.Probe tls12 = OpenSsl.starttls(r.port(), "beta.test", null, "-tls1_2");
            assertTrue(tls12.refusedByServer(), tls12.output());
            assertTrue(OpenSsl.starttls(r.port(), "beta.test", null, "-tls1_3").connected());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void refusesClientInitiatedRenegotiation(String provider) throws Exception {
        try (StartTlsResponder r = responder(provider)) {
            OpenSsl.Probe p = OpenSsl.starttls(r.port(), "beta.test", "R\n", "-tls1_2");
            System.out.println(provider + " renegotiation probe:\n" + p.output());
            assertTrue(p.output().contains("RENEGOTIATING"), p.output());
            assertFalse(renegotiated(p.output()), "RFC 9325 §3.5\n" + p.output());
        }
    }

    /** s_client prints the handshake's "verify return" lines again when a renegotiation completes. */
    private static boolean renegotiated(String output) {
        int at = output.indexOf("RENEGOTIATING");
        String after = output.substring(at);
        return after.contains("verify return:") || after.contains("depth=");
    }

    private static void awaitVerdicts(StartTlsResponder r, int n) throws InterruptedException {
        for (int i = 0; i < 100 && r.verdicts().size() < n; i++) {
            Thread.sleep(50);
        }
    }
}
