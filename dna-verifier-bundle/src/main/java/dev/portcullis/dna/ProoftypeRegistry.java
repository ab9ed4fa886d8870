package dev.portcullis.dna;

import dev.portcullis.api.dna.Prooftype;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Constants;

/**
 * The whiteboard of {@link Prooftype} services by {@value Prooftype#NAME_PROPERTY}: among several with one
 * name, the highest {@code service.ranking} wins, then the lowest {@code service.id} (OSGi Core §5.2.5).
 */
final class ProoftypeRegistry {
    private record Entry(Prooftype prooftype, String name, int ranking, long id) {
    }

    private record Waiter(List<String> names, CompletableFuture<Void> present) {
    }

    private final Map<Prooftype, Entry> entries = new ConcurrentHashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();

    void add(Prooftype p, Map<String, ?> properties) {
        Object name = properties.get(Prooftype.NAME_PROPERTY);
        String n = name != null ? name.toString() : p.name();
        int ranking = properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
        long id = properties.get(Constants.SERVICE_ID) instanceof Long l ? l : Long.MAX_VALUE;
        entries.put(p, new Entry(p, n, ranking, id));
        List<Waiter> ready = new ArrayList<>();
        synchronized (waiters) {
            waiters.removeIf(w -> allPresent(w.names()) && ready.add(w));
        }
        ready.forEach(w -> w.present().complete(null));
    }

    /**
     * Completes once every named prooftype is registered. The caller bounds the wait: the bundle's own
     * prooftypes register a few milliseconds after the verifier itself when the bundle (re)starts.
     */
    CompletableFuture<Void> whenPresent(List<String> names) {
        Waiter w = new Waiter(List.copyOf(names), new CompletableFuture<>());
        synchronized (waiters) {
            if (allPresent(names)) {
                return CompletableFuture.completedFuture(null);
            }
            waiters.add(w);
        }
        w.present().whenComplete((v, e) -> {
            synchronized (waiters) {
                waiters.remove(w);
            }
        });
        return w.present();
    }

    private boolean allPresent(List<String> names) {
        return names.stream().allMatch(n -> get(n).isPresent());
    }

    void remove(Prooftype p) {
        entries.remove(p);
    }

    Optional<Prooftype> get(String name) {
        return entries.values().stream().filter(e -> e.name().equals(name))
                .max(Comparator.comparingInt(Entry::ranking).thenComparing(Comparator.comparingLong(Entry::id).reversed()))
                .map(Entry::prooftype);
    }
}
