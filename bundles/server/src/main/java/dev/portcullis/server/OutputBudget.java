package dev.portcullis.server;

/**
 * The bytes queued for every connection together, against {@link OutputLimits#total()}. Shared by every
 * reactor thread, so atomic. When the total is exceeded the server is told once per round, and sheds the
 * largest backlog (it knows all connections; a connection knows only itself).
 */
final class OutputBudget {
    private volatile OutputLimits limits;
    private final Runnable exceeded;
    private final java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean shedding = new java.util.concurrent.atomic.AtomicBoolean();

    OutputBudget(OutputLimits limits, Runnable exceeded) {
        this.limits = limits;
        this.exceeded = exceeded;
    }

    OutputLimits limits() {
        return limits;
    }

    void limits(OutputLimits next) {
        this.limits = next;
    }

    void add(long bytes) {
        if (total.addAndGet(bytes) > limits.total() && shedding.compareAndSet(false, true)) {
            exceeded.run();
        }
    }

    void release(long bytes) {
        total.accumulateAndGet(bytes, (t, b) -> Math.max(0, t - b));
    }

    /** The shedding task ran; the next excess asks again. */
    void shed() {
        shedding.set(false);
    }

    long total() {
        return total.get();
    }
}
