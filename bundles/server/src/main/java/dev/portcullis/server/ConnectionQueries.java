package dev.portcullis.server;

import dev.portcullis.api.dna.Verification;
import dev.portcullis.api.stream.StreamSecurity;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The monitor's reads of stream state (FederationMonitor, admin commands), asked of each reactor on its own
 * thread, where its sessions live, so nothing is read across threads.
 */
final class ConnectionQueries {
    private static final long TIMEOUT_MILLIS = 5_000;
    private final ReactorGroup group;

    ConnectionQueries(ReactorGroup group) {
        this.group = group;
    }

    /** Every stream with an id, newest first. */
    List<StreamSecurity> streams() {
        record Opened(long at, StreamSecurity security) {
        }
        List<Opened> all = new ArrayList<>(each(c -> {
            StreamSecurity s = FederationServer.security(c);
            return s == null ? null : new Opened(c.openedAt(), s);
        }));
        all.sort(Comparator.comparingLong(Opened::at).reversed());
        return all.stream().map(Opened::security).toList();
    }

    List<X509Certificate> peerChain(String streamId) {
        return each(c -> is(c, streamId) ? c.session().peerChain() : null).stream().findFirst().orElse(List.of());
    }

    Optional<Verification> verification(String streamId) {
        return each(c -> is(c, streamId) ? Optional.ofNullable(c.session().verification()) : null).stream()
                .findFirst().orElse(Optional.empty());
    }

    private static boolean is(Connection c, String streamId) {
        StreamSecurity s = FederationServer.security(c);
        return s != null && s.streamId().equals(streamId);
    }

    /** What {@code f} says of each open connection, asked on each connection's own thread. */
    private <T> List<T> each(Function<Connection, T> f) {
        List<T> out = new ArrayList<>();
        for (ReactorConnections lane : group.lanes()) {
            out.addAll(lane.reactor().call(() -> lane.collect(f), TIMEOUT_MILLIS));
        }
        return out;
    }
}
