package dev.portcullis.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 12's targets, judged at and around their boundaries. */
class VerdictTest {

    @Test
    @DisplayName("CPU target: exactly half of Prosody's is met, a hair above is not, a missing figure is not measured")
    void cpuHalfOfProsody() {
        assertEquals(Boolean.TRUE, Verdict.cpu("s", 1.5, 3.0).met());
        assertEquals(Boolean.FALSE, Verdict.cpu("s", 1.51, 3.0).met());
        assertEquals("1.51 ms vs Prosody 3.00 ms (0.50×; target ≤ 1.50 ms)", Verdict.cpu("s", 1.51, 3.0).measured());
        assertNull(Verdict.cpu("s", Double.NaN, 3.0).met());
        assertEquals("no figure for Prosody", Verdict.cpu("s", 1.0, Double.NaN).measured());
    }

    @Test
    @DisplayName("storm ping target: p99 10.0 ms with none lost is met; one lost ping or 10.1 ms is not")
    void stormPing() {
        assertEquals(Boolean.TRUE, Verdict.ping("s", 10.0, 500, 0).met());
        assertEquals(Boolean.FALSE, Verdict.ping("s", 10.0, 500, 1).met());
        assertEquals(Boolean.FALSE, Verdict.ping("s", 10.1, 500, 0).met());
        assertNull(Verdict.ping("s", 0, 0, 0).met());
    }

    @Test
    @DisplayName("RSS target: 40.0 KiB at 10,000 streams is met, 40.1 is not; fewer than 10,000 streams is not judged")
    void rssAtTenThousand() {
        assertEquals(Boolean.TRUE, Verdict.rss("s", new IdleMemory(10_000, 10_000, 0, 400_000, -1, -1)).met());
        assertEquals(Boolean.FALSE, Verdict.rss("s", new IdleMemory(10_000, 10_000, 0, 401_000, -1, -1)).met());
        Verdict few = Verdict.rss("s", new IdleMemory(10_000, 9_999, 0, 10, -1, -1));
        assertNull(few.met());
        assertEquals("0.0 KiB per stream at 9,999 streams (fewer than 10,000: not judged)", few.measured());
    }

    @Test
    @DisplayName("failure target: 0 of N is met, 1 is not, nothing attempted is not measured")
    void failures() {
        assertEquals(Boolean.TRUE, Verdict.failures("s", 100, 0).met());
        assertEquals(Boolean.FALSE, Verdict.failures("s", 100, 1).met());
        assertNull(Verdict.failures("s", 0, 0).met());
    }
}
