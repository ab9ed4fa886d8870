package dev.portcullis.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.load.Percentiles;
import dev.portcullis.testkit.load.ProcessStats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The arithmetic behind every figure in RESULTS.md, on values whose answer is known exactly. */
class FiguresTest {

    @Test
    @DisplayName("latency percentiles are nearest-rank: 1..100 ms gives p50 50, p90 90, p99 99, max 100")
    void nearestRankPercentiles() {
        List<Long> nanos = new ArrayList<>();
        for (long ms = 1; ms <= 100; ms++) {
            nanos.add(ms * 1_000_000);
        }
        Collections.shuffle(nanos, new java.util.Random(7));
        Percentiles p = Percentiles.ofNanos(nanos);
        assertEquals(new Percentiles(100, 50.0, 90.0, 99.0, 100.0), p);
    }

    @Test
    @DisplayName("percentiles of 3 values: p50 is the 2nd, p90 and p99 the 3rd; none: all zero with count 0")
    void smallAndEmptySamples() {
        assertEquals(new Percentiles(3, 2.0, 3.0, 3.0, 3.0), Percentiles.ofNanos(List.of(3_000_000L, 1_000_000L, 2_000_000L)));
        assertEquals(new Percentiles(0, 0, 0, 0, 0), Percentiles.ofNanos(List.of()));
    }

    @Test
    @DisplayName("CPU per negotiation is the utime+stime delta of each process over the phase, divided by the successes")
    void cpuDeltas() {
        ProcessStats server0 = new ProcessStats(10, 1000, 5, 20, 12_340);
        ProcessStats server1 = new ProcessStats(10, 2000, 5, 20, 17_340);
        ProcessStats gen0 = new ProcessStats(11, 1000, 5, 20, 1_000);
        ProcessStats gen1 = new ProcessStats(11, 1000, 5, 20, 4_000);
        Window w = Window.between(server0, server1, gen0, gen1, 10_000_000_000L, 2000);
        assertEquals(5000, w.serverCpuMillis());
        assertEquals(3000, w.generatorCpuMillis());
        assertEquals(2.5, w.serverCpuPerNegotiation(), 1e-12);
        assertEquals(1.5, w.generatorCpuPerNegotiation(), 1e-12);
        assertEquals(200.0, w.perSecond(), 1e-12);
        assertEquals(0.5, w.serverCores(), 1e-12);
        assertEquals(0.3, w.generatorCores(), 1e-12);
        assertTrue(Double.isNaN(new Window(5, 5, 1000, 0).serverCpuPerNegotiation()), "no success, no figure");
        assertThrows(IllegalArgumentException.class, () -> Window.between(server1, server0, gen0, gen1, 1, 1),
                "CPU time never goes backwards: a negative delta means the readings were swapped or the pid reused");
    }

    @Test
    @DisplayName("a phase is marked generator-bound when the generator used at least the server's CPU, machine-bound when the cores were full")
    void boundBy() {
        assertTrue(new Window(3000, 3000, 10_000_000_000L, 100).boundBy(2, 0.5).startsWith("generator-bound"));
        assertTrue(new Window(10_000, 9000, 10_000_000_000L, 100).boundBy(2, 0.5).startsWith("machine-bound"));
        assertTrue(new Window(3000, 1000, 10_000_000_000L, 100).boundBy(2, 2.5).startsWith("machine-bound"),
                "a load average above the core count means others competed for the cores");
        assertNull(new Window(3000, 1000, 10_000_000_000L, 100).boundBy(2, 0.5));
    }

    @Test
    @DisplayName("RSS and live heap per idle stream: growth over the fresh server's baseline divided by the streams held")
    void idleMemory() {
        IdleMemory m = new IdleMemory(10_000, 8_000, 100_000, 420_000, 30_000, 190_000);
        assertEquals(40.0, m.rssPerStreamKiB(), 1e-12);
        assertEquals(20.0, m.liveHeapPerStreamKiB(), 1e-12);
        assertTrue(Double.isNaN(new IdleMemory(10, 5, 1, 2, -1, -1).liveHeapPerStreamKiB()), "no heap figure for Prosody");
        assertThrows(IllegalArgumentException.class, () -> new IdleMemory(10, 11, 1, 2, -1, -1));
    }
}
