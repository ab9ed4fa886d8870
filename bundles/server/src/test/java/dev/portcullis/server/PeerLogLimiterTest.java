package dev.portcullis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The per-peer-address rate limit for peer-triggered log lines (issue 11 item 6). */
class PeerLogLimiterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
    private final List<String> summaries = new ArrayList<>();
    private final PeerLogLimiter limiter = new PeerLogLimiter(clock, 3, Duration.ofMinutes(1), 4,
            (n, address, kind, window) -> summaries.add(n + " " + kind + " from " + address + " in " + window));

    @Test
    @DisplayName("5,000 lines of one kind from one address: 3 written, one summary of 4,997")
    void floodOfOneKindIsCutToTheBudgetAndSummarised() {
        int written = 0;
        for (int i = 0; i < 5000; i++) {
            if (limiter.admit("192.0.2.1", "db:verify")) {
                written++;
            }
        }
        assertEquals(3, written);
        assertTrue(summaries.isEmpty(), "no summary before the window ends");
        clock.advance(Duration.ofSeconds(59));
        limiter.flush();
        assertTrue(summaries.isEmpty(), "the window has not ended yet");
        clock.advance(Duration.ofSeconds(1));
        limiter.flush();
        assertEquals(List.of("4997 db:verify from 192.0.2.1 in PT1M"), summaries);
        assertTrue(limiter.admit("192.0.2.1", "db:verify"), "a new window has a new budget");
    }

    @Test
    void aWindowWithoutSuppressedLinesEndsSilently() {
        assertTrue(limiter.admit("192.0.2.1", "close"));
        clock.advance(Duration.ofMinutes(2));
        limiter.flush();
        assertTrue(summaries.isEmpty());
        assertEquals(0, limiter.tracked());
    }

    @Test
    void theNextLineAfterTheWindowReportsTheSummaryEvenWithoutATimer() {
        for (int i = 0; i < 5; i++) {
            limiter.admit("192.0.2.1", "close");
        }
        clock.advance(Duration.ofMinutes(1));
        assertTrue(limiter.admit("192.0.2.1", "close"));
        assertEquals(List.of("2 close from 192.0.2.1 in PT1M"), summaries);
    }

    @Test
    void kindsAndAddressesHaveTheirOwnBudgets() {
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.admit("192.0.2.1", "a"));
            assertTrue(limiter.admit("192.0.2.1", "b"));
            assertTrue(limiter.admit("192.0.2.2", "a"));
        }
        assertFalse(limiter.admit("192.0.2.1", "a"));
        assertFalse(limiter.admit("192.0.2.2", "a"));
    }

    @Test
    @DisplayName("addresses beyond the bound share one bucket, so memory stays bounded")
    void manyAddressesShareOneBucketBeyondTheBound() {
        int written = 0;
        for (int i = 0; i < 10_000; i++) {
            if (limiter.admit("2001:db8::" + Integer.toHexString(i), "close")) {
                written++;
            }
        }
        assertEquals(5, limiter.tracked(), "four addresses and the shared bucket");
        assertEquals(4 + 3, written, "one line from each of the first four addresses, three from the rest");
        clock.advance(Duration.ofMinutes(1));
        limiter.flush();
        assertEquals(List.of("9993 close from " + PeerLogLimiter.OTHER_ADDRESSES + " in PT1M"), summaries);
    }
}
