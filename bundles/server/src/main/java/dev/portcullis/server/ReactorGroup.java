package dev.portcullis.server;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The I/O threads {@code portcullis-s2s-io-<n>}, one {@link Reactor} each, so TLS and XML work uses every
 * core. A connection is given to the least-loaded thread when it is accepted or connected and stays there for
 * its life: its stream state is touched on that thread only and needs no locks. The first reactor is the home
 * of what all connections share (listeners, routing, outbound connects, pings); other threads hand work to
 * it, and it to them, through the owning reactor's queue.
 */
final class ReactorGroup {
    static final String THREAD_PREFIX = "portcullis-s2s-io-";

    private final List<ReactorConnections> lanes = new ArrayList<>();

    /**
     * @param homeTick the shared timers, run on the home reactor each tick
     * @param timeouts the current stream timeouts, read on every reactor's tick
     */
    ReactorGroup(int threads, Clock clock, Runnable homeTick, Supplier<Timeouts> timeouts) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("at least one I/O thread");
        }
        for (int i = 0; i < threads; i++) {
            ReactorConnections lane = new ReactorConnections();
            Runnable shared = i == 0 ? homeTick : () -> { };
            Reactor r = new Reactor(clock, () -> {
                lane.tick(clock.millis(), timeouts.get());
                shared.run();
            }, THREAD_PREFIX + i);
            lane.bind(r);
            lanes.add(lane);
        }
    }

    Reactor home() {
        return lanes.get(0).reactor();
    }

    int size() {
        return lanes.size();
    }

    /** The thread with the fewest connections takes the next one (it counts from now on). */
    ReactorConnections assign() {
        ReactorConnections best = lanes.get(0);
        for (ReactorConnections lane : lanes) {
            if (lane.load() < best.load()) {
                best = lane;
            }
        }
        best.reserve();
        return best;
    }

    List<ReactorConnections> lanes() {
        return List.copyOf(lanes);
    }

    void start() {
        lanes.forEach(l -> l.reactor().start());
    }

    /** Stops the other threads first: their streams' last events still reach the home reactor. */
    void stop() {
        for (int i = lanes.size() - 1; i >= 0; i--) {
            lanes.get(i).reactor().stop();
        }
    }
}
