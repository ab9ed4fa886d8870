package dev.portcullis.benchmarks;

/**
 * Memory held by {@code streams} idle authenticated streams: the server's VmRSS with them open against its RSS
 * right after start (the same process), and for a JVM also the live heap after a full GC at both points.
 * {@code liveHeapKiB} and {@code liveHeapBaselineKiB} are negative when not measured (not a JVM).
 */
record IdleMemory(int requested, int streams, long baselineRssKiB, long rssKiB, long liveHeapBaselineKiB, long liveHeapKiB) {
    IdleMemory {
        if (requested < 1 || streams < 0 || streams > requested) {
            throw new IllegalArgumentException("held streams must be between 0 and the " + requested + " requested");
        }
    }

    /** RSS growth per held stream, KiB; NaN when none was held. */
    double rssPerStreamKiB() {
        return streams == 0 ? Double.NaN : (rssKiB - baselineRssKiB) / (double) streams;
    }

    double liveHeapPerStreamKiB() {
        return streams == 0 || liveHeapKiB < 0 ? Double.NaN : (liveHeapKiB - liveHeapBaselineKiB) / (double) streams;
    }
}
