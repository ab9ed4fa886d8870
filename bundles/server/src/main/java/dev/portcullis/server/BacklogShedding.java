package dev.portcullis.server;

import dev.portcullis.stream.StreamErrorCondition;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * More is queued for peers than {@code output.total.limit} allows: close the connections holding the largest
 * backlogs with {@code <resource-constraint/>} (RFC 6120 §4.9.3.17) until the total fits again. The largest
 * backlog belongs to a peer that does not read; a stream that reads keeps little queued. Runs on the home
 * reactor; the backlogs are read across threads and each offender is closed on its own thread, later, so what
 * the offenders chosen in an earlier round still hold counts as released.
 */
final class BacklogShedding {
    private BacklogShedding() {
    }

    static void shed(Collection<Connection> connections, OutputBudget output, long limit) {
        output.shed();
        long total = output.total();
        List<Connection> open = connections.stream().filter(Connection::isOpen).toList();
        for (Connection c : open) {
            if (c.condemned()) {
                total -= c.backlog();
            }
        }
        List<Connection> largestFirst = open.stream().filter(c -> !c.condemned())
                .sorted(Comparator.comparingLong(Connection::backlog).reversed()).toList();
        for (Connection largest : largestFirst) {
            long backlog = largest.backlog();
            if (total <= limit || backlog == 0) {
                return;
            }
            long all = total;
            largest.condemn();
            largest.onOwner(() -> largest.closeOffender(StreamErrorCondition.RESOURCE_CONSTRAINT, "it holds the "
                    + "largest backlog (" + backlog + " bytes) while " + all + " bytes wait for all peers together, "
                    + "more than output.total.limit (" + limit + ")"));
            total -= backlog;
        }
    }
}
