package dev.portcullis.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How much we hold for peers that do not read what we send (RFC 6120 §13.12: an entity must be able to
 * protect itself from resource exhaustion).
 *
 * @param perConnection bytes queued for one connection before we stop reading from it (backpressure)
 * @param total         bytes queued for all connections together; beyond it the largest backlog is closed
 *                      with {@code <resource-constraint/>}
 * @param stall         how long a connection may stay over {@code perConnection} before it is closed with
 *                      {@code <policy-violation/>}
 */
record OutputLimits(long perConnection, long total, Duration stall) {
    OutputLimits {
        Objects.requireNonNull(stall, "stall");
        if (perConnection <= 0 || total < perConnection || stall.isNegative() || stall.isZero()) {
            throw new IllegalArgumentException("output limits must be positive, the total at least the per-connection one");
        }
    }

    /** Beyond this a connection is closed at once: even one read's worth of answers cannot explain it. */
    long hardCap() {
        return perConnection * 4;
    }
}
