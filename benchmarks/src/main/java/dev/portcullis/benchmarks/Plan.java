package dev.portcullis.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * How much one {@code ./portcullis bench} run does. {@link #FULL} is what RESULTS.md reports (about 15 minutes on
 * 2 cores); {@link #QUICK} is for development and says nothing about the 10k-stream target.
 *
 * @param cold          negotiations measured right after the server started (cold JIT, empty caches)
 * @param warmUp        continuous negotiations before the steady-state measurement (JIT warm-up): at least this
 *                      long and at least {@code warmUpMin} negotiations, but no longer than {@code phaseMax}
 * @param warmUpMin     negotiations the warm-up must reach (on a loaded machine 20 s are a few hundred, which
 *                      leaves the JIT half done: the defect that made the old RESULTS.md wrong)
 * @param steady        negotiations in the steady-state measurement, at most {@code steadyMax} long
 * @param concurrency   negotiations in flight at a time (cold, warm-up, steady state and storm)
 * @param pool          origin domains the steady negotiations cycle through (each with a route back for the pong)
 * @param links         established links pinging during the storm
 * @param pingInterval  each link's ping interval
 * @param baseline      how long the links ping before the storm (no storm)
 * @param storm         negotiations in the storm
 * @param idleSteps     idle streams held, cumulatively, for the RSS figures (e.g. 1,000 then 10,000)
 * @param idleConcurrency negotiations in flight while opening idle streams
 * @param phaseMax      no phase (cold, storm, one idle step) starts new negotiations after this long, so that a
 *                      loaded machine makes the run report fewer negotiations rather than run for hours
 */
record Plan(String name, int cold, Duration warmUp, int warmUpMin, int steady, Duration steadyMax, int concurrency, int pool,
            int links, Duration pingInterval, Duration baseline, int storm, List<Integer> idleSteps,
            int idleConcurrency, Duration phaseMax) {
    Plan {
        if (cold < 1 || steady < 1 || concurrency < 1 || pool < concurrency || links < 1 || storm < 1
                || idleSteps.isEmpty()) {
            throw new IllegalArgumentException("every phase needs at least one negotiation, and the pool must cover the concurrency");
        }
        idleSteps = List.copyOf(idleSteps);
        for (int i = 1; i < idleSteps.size(); i++) {
            if (idleSteps.get(i) <= idleSteps.get(i - 1)) {
                throw new IllegalArgumentException("idle steps must increase: " + idleSteps);
            }
        }
    }

    static final Plan FULL = new Plan("full", 200, Duration.ofSeconds(20), 5000, 3000, Duration.ofSeconds(30), 32, 256,
            50, Duration.ofMillis(200), Duration.ofSeconds(3), 1000, List.of(1000, 10_000), 64,
            Duration.ofSeconds(120));
    static final Plan QUICK = new Plan("quick", 30, Duration.ofSeconds(3), 100, 200, Duration.ofSeconds(10), 8, 32,
            10, Duration.ofMillis(200), Duration.ofSeconds(1), 100, List.of(100, 300), 16,
            Duration.ofSeconds(30));

    int idleMax() {
        return idleSteps.get(idleSteps.size() - 1);
    }
}
