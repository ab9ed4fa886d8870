package dev.portcullis.dialback;

import dev.portcullis.api.store.SharedStore;
import dev.portcullis.api.store.StoredEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/**
 * The replay guard across the nodes of one domain (docs/STORE.md): a key binds one domain pair to one stream
 * (XEP-0185 §2), so the first node it reaches records (stream, pair) for it in the shared store, atomically, and
 * every other presentation for another stream or pair — on any node — is a copy. Only a SHA-256 of the key is
 * stored. It runs after the local {@link ReplayGuard}, which needs no round trip; this check never blocks the
 * caller: it returns a stage completed on the store's threads.
 */
final class SharedReplayGuard {
    static final String NAMESPACE = "dialback-replay";

    /** What the store says, with where the key was first seen when it is a replay. */
    record Verdict(ReplayGuard.Presentation presentation, String firstSeen) {
    }

    private final Duration memory;

    SharedReplayGuard(Duration memory) {
        this.memory = memory;
    }

    /** Completes exceptionally when the store cannot confirm (the caller fails closed). */
    CompletionStage<Verdict> present(SharedStore store, String key, String streamId, String originatingDomain,
                                     String receivingDomain, Instant now) {
        String id = SecretFile.sha256(key.trim().toLowerCase(Locale.ROOT));
        String value = streamId + "\n" + originatingDomain.toLowerCase(Locale.ROOT) + "\n"
                + receivingDomain.toLowerCase(Locale.ROOT);
        return store.putIfAbsent(NAMESPACE, id, value, now.plus(memory)).thenApply(e -> judge(e, value, store.node()));
    }

    static Verdict judge(StoredEntry entry, String value, String node) {
        if (entry.value().equals(value)) {
            return new Verdict(ReplayGuard.Presentation.FRESH, null);
        }
        String[] first = entry.value().split("\n", 3);
        String where = first.length == 3 ? first[1] + " -> " + first[2] + " on stream " + first[0] : "another stream";
        return new Verdict(ReplayGuard.Presentation.REPLAYED, where + " (node " + entry.writtenBy()
                + (entry.writtenBy().equals(node) ? ", this node" : "") + ")");
    }
}
