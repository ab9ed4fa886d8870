package dev.portcullis.store;

import dev.portcullis.api.store.SharedStore;
import dev.portcullis.api.store.StoreListener;
import dev.portcullis.api.store.StoreStatus;
import dev.portcullis.api.store.StoreUnavailableException;
import dev.portcullis.api.store.StoredEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Registered when {@code dev.portcullis.store} was rejected at start-up: the node was meant to share its state, so
 * it must not quietly run on local files alone (another node's pins and replay memory would not hold here). It
 * behaves as an unreachable store until the file is corrected.
 */
final class UnavailableStore implements SharedStore {
    private final String reason;
    private final Instant since = Instant.now();

    UnavailableStore(String reason) {
        this.reason = reason;
    }

    @Override
    public String description() {
        return "shared store (configuration rejected)";
    }

    @Override
    public String node() {
        return "unknown";
    }

    @Override
    public CompletionStage<Optional<StoredEntry>> get(String namespace, String key) {
        return failed();
    }

    @Override
    public CompletionStage<Void> put(String namespace, String key, String value, Instant expires) {
        return failed();
    }

    @Override
    public CompletionStage<StoredEntry> putIfAbsent(String namespace, String key, String value, Instant expires) {
        return failed();
    }

    @Override
    public AutoCloseable subscribe(String namespace, StoreListener listener) {
        return () -> { };
    }

    @Override
    public StoreStatus status() {
        return new StoreStatus(description(), node(), false, 0, List.of(), null, reason, since);
    }

    private <T> CompletionStage<T> failed() {
        return CompletableFuture.failedFuture(new StoreUnavailableException(reason, null));
    }
}
