package dev.portcullis.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Stanzas waiting for one domain pair's outbound stream to authenticate (RFC 6120 §4.3.3: nothing is sent
 * before). Bounded, so a peer that never answers cannot make us hold unbounded memory.
 *
 * @param <T> the stanza type
 */
final class PendingStanzas<T> {
    private final int limit;
    private final ArrayDeque<T> queue = new ArrayDeque<>();

    PendingStanzas(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        this.limit = limit;
    }

    /** Queues the stanza; false when the queue is full and the sender must get {@code <resource-constraint/>}. */
    boolean offer(T stanza) {
        if (queue.size() >= limit) {
            return false;
        }
        queue.add(stanza);
        return true;
    }

    /** Everything queued, oldest first; the queue is empty afterwards. */
    List<T> drain() {
        List<T> out = new ArrayList<>(queue);
        queue.clear();
        return out;
    }

    int size() {
        return queue.size();
    }
}
