package dev.portcullis.api.store;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Entries shared by every node of one domain, in namespaces ({@code certificate-memory},
 * {@code verification/…}, {@code dialback-replay}, …). Every method returns at once: the work runs on the store's
 * own bounded executor, never on the caller's thread, so a host may call it from its I/O thread. A stage that
 * completes normally means the store confirmed the write (committed: a node killed afterwards loses nothing);
 * one that completes exceptionally with {@link StoreUnavailableException} means it did not.
 */
@org.osgi.annotation.versioning.ProviderType
public interface SharedStore {

    /** Names the store for logs and consoles, e.g. {@code PostgreSQL portcullis@db.example:5432/xmpp}; never a password. */
    String description();

    /** This node's name in the store (config key {@code node}). */
    String node();

    /** The entry for {@code key}, unless absent or expired. */
    CompletionStage<Optional<StoredEntry>> get(String namespace, String key);

    /** Writes (inserts or replaces) an entry; {@code expires} {@code null} keeps it until replaced. */
    CompletionStage<Void> put(String namespace, String key, String value, Instant expires);

    /**
     * Inserts unless an unexpired entry exists, atomically across nodes; completes with the entry in force,
     * which is the one just written when {@link StoredEntry#writtenBy()} is this node and the value is ours.
     */
    CompletionStage<StoredEntry> putIfAbsent(String namespace, String key, String value, Instant expires);

    /**
     * Calls {@code listener} with every entry of {@code namespace} once it is (re)connected, and with each change
     * another node makes, as soon as the store notifies it. The returned handle unsubscribes.
     */
    AutoCloseable subscribe(String namespace, StoreListener listener);

    /** What the store looks like from this node now. */
    StoreStatus status();
}
