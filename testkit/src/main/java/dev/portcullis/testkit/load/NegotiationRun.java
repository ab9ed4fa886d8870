package dev.portcullis.testkit.load;

import java.util.List;

/**
 * Outcome of opening many streams: how many negotiated, how fast, and why the others failed.
 *
 * @param attempted negotiations started
 * @param succeeded negotiations that reached an authenticated, restarted stream
 * @param resets    refused with the retryable {@code <reset/>} stream error (RFC 6120 §4.9.3.16)
 * @param failures  refused or broken otherwise (including timeouts)
 * @param wallNanos time from the first start to the last finish
 * @param latency   per-negotiation latency of the successful ones (TCP connect to restarted stream)
 * @param samples   up to ten failure messages
 */
public record NegotiationRun(int attempted, int succeeded, int resets, int failures, long wallNanos,
                             Percentiles latency, List<String> samples) {
    public NegotiationRun {
        samples = List.copyOf(samples);
    }

    public double perSecond() {
        return wallNanos == 0 ? 0 : succeeded / (wallNanos / 1e9);
    }

    @Override
    public String toString() {
        return String.format("%d/%d negotiated (%d reset, %d failed) in %.2f s = %.1f/s; latency %s%s", succeeded,
                attempted, resets, failures, wallNanos / 1e9, perSecond(), latency,
                samples.isEmpty() ? "" : "; e.g. " + samples.get(0));
    }
}
