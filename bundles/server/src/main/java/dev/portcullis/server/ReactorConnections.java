package dev.portcullis.server;

import dev.portcullis.api.PeerText;
import dev.portcullis.stream.StreamErrorCondition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections one reactor owns, until their sockets are closed, and their timers: negotiation timeout
 * (RFC 6120 §4.9.3.4), idle timeout (§4.6.3), whitespace keepalive (§4.6.1), backpressure stalls and the
 * close linger. The set is touched on the owning reactor's thread only; the count is read by
 * {@link ReactorGroup#assign} from the home thread.
 */
final class ReactorConnections {
    private static final Logger LOG = LoggerFactory.getLogger(FederationServer.class);

    private final Set<Connection> owned = new LinkedHashSet<>();
    private final AtomicInteger load = new AtomicInteger();
    private Reactor reactor;

    void bind(Reactor r) {
        this.reactor = r;
    }

    Reactor reactor() {
        return reactor;
    }

    int load() {
        return load.get();
    }

    /** A connection is on its way to this thread. */
    void reserve() {
        load.incrementAndGet();
    }

    /** On this reactor's thread: the reserved connection arrived. */
    void adopt(Connection c) {
        owned.add(c);
    }

    /** On this reactor's thread: what {@code f} says of each open connection it owns. */
    <T> List<T> collect(java.util.function.Function<Connection, T> f) {
        List<T> out = new ArrayList<>();
        for (Connection c : owned) {
            if (c.isOpen()) {
                T t = f.apply(c);
                if (t != null) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    void tick(long now, Timeouts t) {
        List<String> timedOut = new ArrayList<>();
        for (Connection c : new ArrayList<>(owned)) { // closing one may report to the server, which may add one
            c.tick(now);
            if (!c.channelOpen()) {
                owned.remove(c);
                load.decrementAndGet();
                continue;
            }
            if (!c.isOpen()) {
                continue; // lingering: its closing words drain, then Connection#tick closes the socket
            }
            switch (t.check(now, c.openedAt(), c.lastReadAt(), c.lastWriteAt(), c.isAuthenticated())) {
                case CLOSE_NEGOTIATION -> {
                    timedOut.add(PeerText.of(c.peerLabel()) + " at " + c.peerAddress());
                    c.quietClose(); // one summary line below instead of one per connection (floods)
                    c.close(StreamErrorCondition.CONNECTION_TIMEOUT, "the stream from " + c.peerAddress()
                            + " was not authenticated within the negotiation timeout of "
                            + t.negotiation().toSeconds() + " s (RFC 6120 §4.9.3.4)");
                }
                case CLOSE_IDLE -> c.close(StreamErrorCondition.CONNECTION_TIMEOUT, "nothing received for "
                        + t.idle().toSeconds() + " s; closing the idle stream (RFC 6120 §4.6.3)");
                case KEEPALIVE -> c.keepalive();
                case NONE -> {
                }
            }
        }
        if (!timedOut.isEmpty()) {
            LOG.warn("Closed {} connection(s) with <connection-timeout/>: not authenticated within the negotiation "
                    + "timeout of {} s (RFC 6120 §4.9.3.4): {}{}. Many at once from one address suggest a "
                    + "connection flood; a slow but honest peer needs a longer negotiation.timeout",
                    timedOut.size(), t.negotiation().toSeconds(), String.join(", ", timedOut.subList(0,
                            Math.min(5, timedOut.size()))), timedOut.size() > 5 ? " and " + (timedOut.size() - 5) + " more" : "");
        }
    }
}
