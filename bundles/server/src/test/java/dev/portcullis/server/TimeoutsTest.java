package dev.portcullis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.server.Timeouts.Action;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeoutsTest {
    private final Timeouts t = new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(600), Duration.ofSeconds(60));

    @Test
    void silentConnectionIsClosedAtNegotiationTimeoutRfc6120Section4_9_3_4() {
        assertEquals(Action.NONE, t.check(29_999, 0, 0, 0, false));
        assertEquals(Action.CLOSE_NEGOTIATION, t.check(30_000, 0, 0, 0, false));
    }

    @Test
    void talkingButUnauthenticatedConnectionIsStillClosedAtNegotiationTimeout() {
        // a peer trickling bytes must not keep an unauthenticated stream open forever
        assertEquals(Action.CLOSE_NEGOTIATION, t.check(31_000, 0, 30_900, 30_900, false));
    }

    @Test
    void authenticatedStreamGetsWhitespaceKeepaliveRfc6120Section4_6_1() {
        assertEquals(Action.NONE, t.check(100_000, 0, 99_000, 41_000, true));
        assertEquals(Action.KEEPALIVE, t.check(100_000, 0, 99_000, 40_000, true));
    }

    @Test
    void idleAuthenticatedStreamIsClosedRfc6120Section4_6_3() {
        assertEquals(Action.CLOSE_IDLE, t.check(700_000, 0, 100_000, 699_000, true));
    }

    @Test
    void zeroDisablesIdleTimeoutAndKeepalive() {
        Timeouts off = new Timeouts(Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO);
        assertEquals(Action.NONE, off.check(10_000_000, 0, 0, 0, true));
    }
}
