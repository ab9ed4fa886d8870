package dev.portcullis.dna;

import dev.portcullis.api.dna.Prooftype;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Constants;

/**
 * The whiteboard of {@link Prooftype} services by {@value Prooftype#NAME_PROPERTY}: among several with one
 * name, the highest {@code service.ranking} wins, then the lowest {@code service.id} (OSGi Core §5.2.5).
 */
final class ProoftypeRegistry {
    private record Entry(Prooftype prooftype, String name, int ranking, long id) {
    }

    private final Map<Prooftype, Entry> entries = new ConcurrentHashMap<>();

    void add(Prooftype p, Map<String, ?> properties) {
        Object name = properties.get(Prooftype.NAME_PROPERTY);
        String n = name != null ? name.toString() : p.name();
        int ranking = properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0;
        long id = properties.get(Constants.SERVICE_ID) instanceof Long l ? l : Long.MAX_VALUE;
        entries.put(p, new Entry(p, n, ranking, id));
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
