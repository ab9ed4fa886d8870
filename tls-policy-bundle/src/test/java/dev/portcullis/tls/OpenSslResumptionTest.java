package dev.portcullis.tls;

import static dev.portcullis.tls.Fixtures.BETA;
import static dev.portcullis.tls.Fixtures.identity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each provider does for TLS 1.3 resumption (RFC 9325 §3.4, RFC 8446 §4.6.1), seen by openssl
 * s_client saving and reusing the session. SunJSSE resumes with psk_dhe_ke, so every resumption still
 * runs an ECDHE exchange ("Server Temp Key" in the resumed handshake) and stays forward-secret.
 * BCJSSE 1.84 issues no TLS 1.3 tickets as a server, so every handshake is a full one.
 */
class OpenSslResumptionTest {

    @Test
    void sunJsseResumesTls13OnlyWithAFreshEcdheExchange(@TempDir Path dir) throws Exception {
        try (StartTlsResponder r = new StartTlsResponder(Fixtures.policy("sun"), List.of(identity("beta.test", BETA)))) {
            Path session = dir.resolve("session.pem");
            OpenSsl.Probe first = OpenSsl.starttls(r.port(), "beta.test", "\n", "-tls1_3", "-sess_out", session.toString());
            assertTrue(first.connected(), first.output());
            OpenSsl.Probe again = OpenSsl.starttls(r.port(), "beta.test", null, "-tls1_3", "-sess_in", session.toString());
            assertTrue(again.output().contains("Reused, TLSv1.3"), "SunJSSE resumes TLS 1.3 sessions\n" + again.output());
            assertTrue(again.output().contains("Server Temp Key: X25519"),
                    "psk_dhe_ke: the resumption ran an ECDHE exchange (RFC 9325 §3.4)\n" + again.output());
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("dev.portcullis.tls.Fixtures#providers")
    void bothProvidersResumeTls12Sessions(String provider, @TempDir Path dir) throws Exception {
        try (StartTlsResponder r = new StartTlsResponder(Fixtures.policy(provider), List.of(identity("beta.test", BETA)))) {
            Path session = dir.resolve("session.pem");
            OpenSsl.Probe first = OpenSsl.starttls(r.port(), "beta.test", null, "-tls1_2", "-sess_out", session.toString());
            assertTrue(first.connected(), first.output());
            OpenSsl.Probe again = OpenSsl.starttls(r.port(), "beta.test", null, "-tls1_2", "-sess_in", session.toString());
            assertTrue(again.output().contains("Reused, TLSv1.2"), provider + " resumes TLS 1.2\n" + again.output());
            System.out.println(provider + " TLS 1.2 first handshake: ticket=" + first.output().contains("TLS session ticket:"));
        }
    }

    @Test
    void bouncyCastleDoesNotResumeTls13(@TempDir Path dir) throws Exception {
        try (StartTlsResponder r = new StartTlsResponder(Fixtures.policy("bc"), List.of(identity("beta.test", BETA)))) {
            Path session = dir.resolve("session.pem");
            OpenSsl.Probe first = OpenSsl.starttls(r.port(), "beta.test", "\n", "-tls1_3", "-sess_out", session.toString());
            assertTrue(first.connected(), first.output());
            assertEquals("TLSv1.3", first.protocol());
            assertFalse(Files.exists(session), "s_client received no NewSessionTicket, so it has no session to save");
        }
    }
}
