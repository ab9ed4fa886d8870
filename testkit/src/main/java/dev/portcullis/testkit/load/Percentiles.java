package dev.portcullis.testkit.load;

import java.util.Arrays;
import java.util.Collection;

/**
 * Latency summary in milliseconds (nearest-rank percentiles).
 */
public record Percentiles(int count, double p50, double p90, double p99, double max) {

    public static Percentiles ofNanos(Collection<Long> nanos) {
        long[] a = nanos.stream().mapToLong(Long::longValue).toArray();
        if (a.length == 0) {
            return new Percentiles(0, 0, 0, 0, 0);
        }
        Arrays.sort(a);
        return new Percentiles(a.length, rank(a, 0.50), rank(a, 0.90), rank(a, 0.99), a[a.length - 1] / 1e6);
    }

    private static double rank(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    @Override
    public String toString() {
        return String.format("n=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms", count, p50, p90, p99, max);
    }
}
