package dev.portcullis.store;

import dev.portcullis.api.store.SharedStore;
import dev.portcullis.api.store.StoreParticipant;
import dev.portcullis.api.store.StoreStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code portcullis:store [status]} (which store, reachable, schema, members seen by recent heartbeats, lag) and
 * {@code portcullis:store migrate} (writes this node's local state into the shared store). Public because Gogo calls
 * it reflectively; a failure throws, so the admin channel exits 1, a bad argument exits 2.
 */
@Component(service = StoreCommands.class, property = {
        "osgi.command.scope=portcullis",
        "osgi.command.function=store"})
public final class StoreCommands {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SharedStore store;

    private final List<StoreParticipant> participants = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addParticipant(StoreParticipant p) {
        participants.add(p);
    }

    void removeParticipant(StoreParticipant p) {
        participants.remove(p);
    }

    public String store() {
        return store("status");
    }

    public String store(String action) {
        SharedStore s = store;
        switch (action) {
            case "status" -> {
                if (s == null) {
                    return "store:    local files (each node's bundle data area; set url in etc/" + StoreSettings.PID
                            + ".cfg to share state between the nodes of a domain)\n";
                }
                return report(s.status());
            }
            case "migrate" -> {
                if (s == null) {
                    throw new IllegalStateException("no shared store is configured: set url in etc/"
                            + StoreSettings.PID + ".cfg on this node first, then run portcullis:store migrate");
                }
                if (!s.status().reachable()) {
                    throw new IllegalStateException("the shared store " + s.description() + " is unreachable ("
                            + s.status().lastError() + "); nothing was migrated. Fix the connection and run it again");
                }
                StringBuilder b = new StringBuilder();
                for (StoreParticipant p : participants) {
                    try {
                        int n = p.migrate(s).toCompletableFuture().get(60, TimeUnit.SECONDS);
                        b.append(p.name()).append(": ").append(n).append(" entr").append(n == 1 ? "y" : "ies")
                                .append(" written to ").append(s.description()).append('\n');
                    } catch (ExecutionException | TimeoutException e) {
                        throw new IllegalStateException(b + p.name() + ": not migrated ("
                                + (e.getCause() == null ? e : e.getCause().getMessage()) + "); run it again once the "
                                + "store answers (what was written stays written)");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted");
                    }
                }
                if (participants.isEmpty()) {
                    b.append("no bundle with local state is running (dna-verifier, dialback)\n");
                }
                return b.toString();
            }
            default -> throw new IllegalArgumentException("unknown action '" + action
                    + "'; usage: portcullis:store [status|migrate]");
        }
    }

    static String report(StoreStatus st) {
        StringBuilder b = new StringBuilder();
        b.append("store:    ").append(st.description()).append('\n');
        b.append("node:     ").append(st.node()).append('\n');
        b.append("state:    ").append(st.reachable() ? "reachable" : "UNREACHABLE").append(" since ").append(st.since())
                .append('\n');
        b.append("schema:   version ").append(st.schemaVersion()).append('\n');
        b.append("members:  ").append(st.members().size()).append(st.members().isEmpty() ? "" : " " + st.members())
                .append(" (heartbeat within 90 s)\n");
        b.append("lag:      ").append(st.lag() == null ? "no change notified yet" : st.lag().toMillis()
                + " ms from commit to this node, last change").append('\n');
        if (st.lastError() != null) {
            b.append("last error: ").append(st.lastError()).append('\n');
        }
        return b.toString();
    }
}
