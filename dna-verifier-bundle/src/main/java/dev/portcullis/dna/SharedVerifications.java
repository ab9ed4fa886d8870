package dev.portcullis.dna;

import dev.portcullis.api.store.SharedStore;
import dev.portcullis.api.store.StoreListener;
import dev.portcullis.api.store.StoredEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verification cache shared by the nodes of one domain (docs/STORE.md): evidence this node gathered is written
 * through to the namespace of its configuration ({@code verification/<hash>}, so only nodes configured alike share
 * evidence); another node's evidence replaces or drops the local entry as soon as the store notifies it. The cache
 * only saves work: when the store is unreachable, peers are verified afresh here.
 */
final class SharedVerifications implements StoreListener {
    private static final Logger LOG = LoggerFactory.getLogger(SharedVerifications.class);

    private final SharedStore store;
    private final VerificationCache cache;
    private final String namespace;
    private final AutoCloseable subscription;

    SharedVerifications(SharedStore store, VerificationCache cache, String configuration) {
        this.store = store;
        this.cache = cache;
        this.namespace = namespace(configuration);
        cache.onPut(this::write);
        this.subscription = store.subscribe(namespace, this);
    }

    static String namespace(String configuration) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(configuration.getBytes(StandardCharsets.UTF_8));
            return "verification/" + HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    void close() {
        cache.onPut((k, v) -> { });
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("unsubscribing", e);
        }
    }

    private CompletionStage<Void> write(String key, VerificationCache.Cached cached) {
        return store.put(namespace, key, VerificationCacheFile.encode(cached.results()), cached.validUntil())
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        LOG.debug("verification evidence kept on this node only: {}", e.getMessage());
                    }
                });
    }

    @Override
    public void reloaded(Map<String, StoredEntry> entries) {
        entries.values().forEach(e -> changed(e.key(), Optional.of(e)));
    }

    @Override
    public void changed(String key, Optional<StoredEntry> entry) {
        if (entry.isEmpty()) {
            cache.remove(key);
            return;
        }
        try {
            cache.adopt(key, VerificationCacheFile.decode(entry.get().value()));
        } catch (IOException | RuntimeException e) {
            cache.remove(key);
            LOG.warn("Ignoring a shared verification cache entry written by node {}: {}", entry.get().writtenBy(),
                    e.getMessage());
        }
    }

    /** {@code portcullis:store migrate}: this node's valid evidence. */
    CompletionStage<Integer> migrate() {
        Map<String, VerificationCache.Cached> all = cache.snapshot();
        CompletableFuture<?>[] writes = all.entrySet().stream().map(e -> write(e.getKey(), e.getValue())
                .toCompletableFuture()).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(writes).thenApply(v -> all.size());
    }
}
