package dev.portcullis.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** Everything measured for one column in one certificate set; fields stay null when a phase did not run. */
final class ColumnResult {
    /** A negotiation phase: the run's outcome and what it cost. */
    record Phase(Generator.Run run, Window window, double loadAverage) {
    }

    final CertSet set;
    final Column column;
    /** Why the column did not run (server refused the provider, provider unavailable, server failed), or null. */
    String notRun;
    /** What the server said about its TLS provider (log line, or the bare server's report). */
    String providerEvidence;
    /** The provider the server actually ran on (e.g. "SunJSSE", "Conscrypt"), or null when unknown. */
    String providerInForce;
    Phase cold;
    Generator.Run warm;
    Phase steady;
    Storm.Pings baseline;
    Storm.Pings during;
    Phase storm;
    int linksOk;
    JfrProfile steadyProfile;
    JfrProfile stormProfile;
    List<IdleMemory> idle = new ArrayList<>();
    String idleNote;
    final List<String> failures = new ArrayList<>();
    int attempted;
    int failed;

    ColumnResult(CertSet set, Column column) {
        this.set = set;
        this.column = column;
    }

    void count(Generator.Run r) {
        attempted += r.attempted();
        failed += r.failed();
        for (String f : r.failures()) {
            if (failures.size() < 5) {
                failures.add(f);
            }
        }
    }
}
