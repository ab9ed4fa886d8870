package dev.portcullis.benchmarks;

import dev.portcullis.testkit.load.ProcessStats;

/**
 * What one measured phase cost: CPU time of the server and of the generator (utime + stime from
 * {@code /proc/<pid>/stat}, deltas over the phase), wall time, and how many negotiations succeeded in it.
 */
record Window(long serverCpuMillis, long generatorCpuMillis, long wallNanos, int negotiations) {
    Window {
        if (serverCpuMillis < 0 || generatorCpuMillis < 0 || wallNanos < 0 || negotiations < 0) {
            throw new IllegalArgumentException("a phase cannot cost negative time or count negative negotiations");
        }
    }

    /** The delta between two readings of both processes. */
    static Window between(ProcessStats serverBefore, ProcessStats serverAfter, ProcessStats generatorBefore,
                          ProcessStats generatorAfter, long wallNanos, int negotiations) {
        return new Window(serverAfter.cpuMillis() - serverBefore.cpuMillis(),
                generatorAfter.cpuMillis() - generatorBefore.cpuMillis(), wallNanos, negotiations);
    }

    /** Server CPU per successful negotiation, ms; NaN when none succeeded. */
    double serverCpuPerNegotiation() {
        return negotiations == 0 ? Double.NaN : serverCpuMillis / (double) negotiations;
    }

    double generatorCpuPerNegotiation() {
        return negotiations == 0 ? Double.NaN : generatorCpuMillis / (double) negotiations;
    }

    double perSecond() {
        return wallNanos == 0 ? Double.NaN : negotiations / (wallNanos / 1e9);
    }

    /** Cores the server kept busy on average (1.0 = one core all the time). */
    double serverCores() {
        return wallNanos == 0 ? Double.NaN : serverCpuMillis / (wallNanos / 1e6);
    }

    double generatorCores() {
        return wallNanos == 0 ? Double.NaN : generatorCpuMillis / (wallNanos / 1e6);
    }

    /**
     * Why negotiations/s may say more about the generator or the machine than about the server, or {@code null}.
     * The generator did more CPU work than the server, or server and generator together (plus other load)
     * had the machine's cores busy.
     */
    String boundBy(int cores, double loadAverage) {
        if (negotiations == 0) {
            return null;
        }
        if (generatorCores() >= serverCores()) {
            return "generator-bound: the generator used more CPU than the server";
        }
        if (serverCores() + generatorCores() >= 0.9 * cores || loadAverage > cores) {
            return String.format("machine-bound: server + generator used %.1f of %d cores, load average %.1f",
                    serverCores() + generatorCores(), cores, loadAverage);
        }
        return null;
    }
}
