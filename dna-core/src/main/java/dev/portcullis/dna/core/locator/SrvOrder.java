package dev.portcullis.dna.core.locator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * RFC 2782 target selection: lowest priority first; within one priority a weighted random order in which
 * zero-weight records have a small chance (they are placed first, then drawn by running sum). XEP-0368 §3:
 * {@code xmpps-} and {@code xmpp-} records are mixed into one list.
 */
public final class SrvOrder {
    private SrvOrder() {
    }

    public static <T> List<T> order(List<T> records, java.util.function.ToIntFunction<T> priority,
                             java.util.function.ToIntFunction<T> weight, RandomGenerator random) {
        TreeMap<Integer, List<T>> byPriority = new TreeMap<>();
        for (T r : records) {
            byPriority.computeIfAbsent(priority.applyAsInt(r), p -> new ArrayList<>()).add(r);
        }
        List<T> ordered = new ArrayList<>(records.size());
        for (List<T> group : byPriority.values()) {
            List<T> remaining = new ArrayList<>(group);
            // RFC 2782: "arrange all SRV RRs ... in any order, except that all those with weight 0 are placed at
            // the beginning of the list"
            remaining.sort(Comparator.comparingInt(r -> weight.applyAsInt(r) == 0 ? 0 : 1));
            while (!remaining.isEmpty()) {
                int sum = remaining.stream().mapToInt(weight).sum();
                int pick = sum == 0 ? 0 : random.nextInt(sum + 1);
                int running = 0;
                int chosen = remaining.size() - 1;
                for (int i = 0; i < remaining.size(); i++) {
                    running += weight.applyAsInt(remaining.get(i));
                    if (running >= pick) {
                        chosen = i;
                        break;
                    }
                }
                ordered.add(remaining.remove(chosen));
            }
        }
        return ordered;
    }
}
