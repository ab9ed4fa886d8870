package dev.portcullis.server;

/**
 * The bytes queued for every connection together, against {@link OutputLimits#total()}. I/O thread only,
 * like everything the connections touch, so a plain counter. When the total is exceeded the server is told
 * once per round, and sheds the largest backlog (it knows all connections; a connection knows only itself).
 */
final class OutputBudget {
    private volatile OutputLimits limits;
    private final Runnable exceeded;
    private long total;
    private boolean shedding;

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
        total += bytes;
        if (total > limits.total() && !shedding) {
            shedding = true;
            exceeded.run();
        }
    }

    void release(long bytes) {
        total = Math.max(0, total - bytes);
    }

    /** The shedding task ran; the next excess asks again. */
    void shed() {
        shedding = false;
    }

    long total() {
        return total;
    }
}
