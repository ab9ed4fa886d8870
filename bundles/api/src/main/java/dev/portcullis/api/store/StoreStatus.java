package dev.portcullis.api.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The shared store as this node sees it ({@code portcullis:store}, the console).
 *
 * @param description   {@link SharedStore#description()}
 * @param node          this node's name
 * @param reachable     whether the last operation reached the store
 * @param schemaVersion the schema version migrated to, 0 before the first connection
 * @param members       the nodes that wrote a heartbeat recently, this one included when reachable
 * @param lag           how long the last change notification took from commit to this node, or {@code null}
 * @param lastError     what failed last and what to do, or {@code null}
 * @param since         since when {@code reachable} holds
 */
public record StoreStatus(String description, String node, boolean reachable, int schemaVersion, List<String> members,
                          Duration lag, String lastError, Instant since) {
    public StoreStatus {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(node, "node");
        members = List.copyOf(members);
        Objects.requireNonNull(since, "since");
    }
}
