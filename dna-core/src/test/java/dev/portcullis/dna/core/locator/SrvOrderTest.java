package dev.portcullis.dna.core.locator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** RFC 2782 target selection: priorities strictly, weights proportionally (XEP-0368 §3 mixes both services). */
class SrvOrderTest {
    record Srv(String name, int priority, int weight) {
    }

    private static List<Srv> order(List<Srv> in, long seed) {
        return SrvOrder.order(in, Srv::priority, Srv::weight, new SplittableRandom(seed));
    }

    @Test
    void lowerPriorityAlwaysFirstRfc2782() {
        for (long seed = 0; seed < 50; seed++) {
            List<Srv> o = order(List.of(new Srv("c", 20, 100), new Srv("a", 0, 1), new Srv("b", 10, 50)), seed);
            assertEquals(List.of("a", "b", "c"), o.stream().map(Srv::name).toList());
        }
    }

    @Test
    void weightsShareFirstPlaceInProportionRfc2782() {
        Map<String, Integer> first = new HashMap<>();
        for (long seed = 0; seed < 4000; seed++) {
            List<Srv> o = order(List.of(new Srv("heavy", 0, 90), new Srv("light", 0, 10)), seed);
            first.merge(o.get(0).name(), 1, Integer::sum);
            assertEquals(2, o.size());
        }
        double heavy = first.getOrDefault("heavy", 0) / 4000.0;
        assertTrue(heavy > 0.85 && heavy < 0.95, "heavy first " + heavy);
    }

    @Test
    void zeroWeightTargetsAreStillUsedRfc2782() {
        List<Srv> o = order(List.of(new Srv("zero", 0, 0), new Srv("some", 0, 0)), 1);
        assertEquals(2, o.size());
    }
}
