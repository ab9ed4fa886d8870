package dev.portcullis.tls;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 9325 §3.4: ticket-encryption keys are changed regularly and a ticket is valid half as long as its key.
 * The policy replaces each SSLContext (and with it the provider's ticket keys and session cache) once it is
 * twice {@code session-timeout} old, so a ticket issued before the replacement is no longer accepted. Shown
 * on SunJSSE, the server provider that resumes TLS 1.3 ({@link OutboundResumptionTest}); the replacement is
 * the same code for every provider.
 */
class TicketKeyRotationTest {

    /** A clock the test moves forward. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-08T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @ParameterizedTest(name = "server on {0}")
    @ValueSource(strings = {"sun"})
    void aTicketIssuedBeforeTheKeyRotationIsNoLongerAcceptedRfc9325Section3_4(String provider) throws Exception {
        MovableClock serverClock = new MovableClock();
        Map<String, Object> cfg = Fixtures.config(provider, "protocols", "TLSv1.3", "session-timeout", "600");
        TlsPolicyComponent us = new TlsPolicyComponent(Fixtures.config(provider, "protocols", "TLSv1.3"));
        TlsPolicyComponent peer = new TlsPolicyComponent(cfg, new Providers(), serverClock);

        long full = OutboundResumptionTest.handshake(us, peer, 5269);
        long resumed = OutboundResumptionTest.handshake(us, peer, 5269);
        assertTrue(resumed < full * 3 / 4, "control: the ticket resumes before rotation: " + full + " / " + resumed);

        serverClock.advance(Duration.ofSeconds(1199));   // just under 2 × session-timeout: same key
        long stillResumed = OutboundResumptionTest.handshake(us, peer, 5269);
        assertTrue(stillResumed < full * 3 / 4, "rotated early: " + stillResumed);

        serverClock.advance(Duration.ofSeconds(1));      // 2 × 600 s: the server's ticket key is replaced
        long afterRotation = OutboundResumptionTest.handshake(us, peer, 5269);
        assertTrue(afterRotation >= full * 3 / 4, "a ticket from before the rotation was accepted: " + afterRotation);

        long resumedUnderNewKey = OutboundResumptionTest.handshake(us, peer, 5269);
        assertTrue(resumedUnderNewKey < full * 3 / 4, "tickets under the new key resume: " + resumedUnderNewKey);
    }
}
