package dev.portcullis.dna.memory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portcullis.api.PeerText;
import dev.portcullis.api.dna.RememberedCertificate;
import dev.portcullis.api.store.SharedStore;
import dev.portcullis.api.store.StoreListener;
import dev.portcullis.api.store.StoredEntry;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate memory shared by the nodes of one domain (docs/STORE.md): what this node remembers (only proven
 * certificates, {@link CertificateRecorder#observe}) is written through to namespace {@value #NAMESPACE}; what
 * another node remembers is adopted as soon as the store notifies it. The local file stays the node's own copy,
 * so an unreachable store forgets no pin; after a reconnection the newer local entries are pushed.
 */
final class SharedCertificates implements StoreListener {
    static final String NAMESPACE = "certificate-memory";
    private static final Logger LOG = LoggerFactory.getLogger(SharedCertificates.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SharedStore store;
    private final CertificateMemoryStore memory;
    private final AutoCloseable subscription;

    SharedCertificates(SharedStore store, CertificateMemoryStore memory) {
        this.store = store;
        this.memory = memory;
        memory.onRemember(this::write);
        this.subscription = store.subscribe(NAMESPACE, this);
    }

    void close() {
        memory.onRemember(r -> { });
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("unsubscribing", e);
        }
    }

    private CompletionStage<Void> write(RememberedCertificate r) {
        ObjectNode n = JSON.createObjectNode();
        MemoryFile.encode(n, r);
        return store.put(NAMESPACE, r.domain(), n.toString(), null).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.warn("The certificate of {} is remembered on this node only for now ({}); it is written to the "
                        + "shared store when it is reachable again", PeerText.of(r.domain()), e.getMessage());
            }
        });
    }

    @Override
    public void reloaded(Map<String, StoredEntry> entries) {
        Map<String, RememberedCertificate> remote = new LinkedHashMap<>();
        for (StoredEntry e : entries.values()) {
            decode(e).ifPresent(r -> {
                remote.put(r.domain(), r);
                memory.adopt(r, false);
            });
        }
        memory.flush();
        for (RememberedCertificate mine : memory.newerThan(remote)) {
            write(mine);
        }
    }

    @Override
    public void changed(String key, Optional<StoredEntry> entry) {
        entry.flatMap(SharedCertificates::decode).ifPresent(r -> {
            if (memory.adopt(r, true)) {
                write(memory.lookup(r.domain()).orElse(r));
            }
        });
    }

    /** {@code portcullis:store migrate}: every local entry the store lacks or holds in an older version. */
    CompletionStage<Integer> migrate() {
        List<RememberedCertificate> all = memory.entries();
        CompletableFuture<Integer> count = CompletableFuture.completedFuture(0);
        for (RememberedCertificate mine : all) {
            count = count.thenCompose(n -> store.get(NAMESPACE, mine.domain()).thenCompose(existing -> {
                Optional<RememberedCertificate> theirs = existing.flatMap(SharedCertificates::decode);
                if (theirs.isPresent() && !mine.lastChanged().isAfter(theirs.get().lastChanged())) {
                    return CompletableFuture.completedFuture(n);
                }
                return write(mine).thenApply(v -> n + 1);
            }));
        }
        return count;
    }

    private static Optional<RememberedCertificate> decode(StoredEntry e) {
        try {
            return Optional.of(MemoryFile.decode(e.key(), JSON.readTree(e.value())));
        } catch (IOException | RuntimeException ex) {
            LOG.error("Ignoring the shared certificate memory's entry for {} written by node {}: {}",
                    PeerText.of(e.key()), PeerText.of(e.writtenBy()), ex.getMessage());
            return Optional.empty();
        }
    }
}
