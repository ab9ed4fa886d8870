package dev.portcullis.benchmarks;

import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.load.LoadGenerator;
import dev.portcullis.testkit.load.NegotiationRun;
import dev.portcullis.testkit.load.OriginDomains;
import dev.portcullis.testkit.load.Percentiles;
import dev.portcullis.testkit.load.ProcessStats;
import dev.portcullis.testkit.load.ReplyServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reliability under load (issue 8 B) against the reference host: {@value #PINGERS} authenticated streams ping
 * every second while NEGOTIATIONS negotiations start at once (all concurrently) and IDLE connections connect and
 * never send a byte (slowloris). Reports: pings answered during the storm, the negotiations' outcome, when the
 * silent connections were closed (the host's negotiation timeout, RFC 6120 §4.9.3.4 {@code <connection-timeout/>}),
 * and the host's peak RSS, threads and descriptors.
 */
final class Reliability {
    static final int PINGERS = 50;
    static final int NEGOTIATION_TIMEOUT_S = 20;

    private Reliability() {
    }

    static void run(int negotiations, int idle, TestCa ca, Path dir) throws Exception {
        OriginDomains origins = new OriginDomains(ca, "ping", PINGERS);
        OriginDomains stormDomains = new OriginDomains(ca, "storm", negotiations);
        origins.names().forEach(origins::context);
        stormDomains.names().forEach(stormDomains::context);
        Path caFile = ca.writeCertificate(dir.resolve("ca.pem"));
        try (ReplyServer replies = new ReplyServer(origins);
             ReferenceHost host = new ReferenceHost(origins, replies, caFile,
                     Map.of("negotiation.timeout", Integer.toString(NEGOTIATION_TIMEOUT_S)))) {
            LoadGenerator pingers = new LoadGenerator(host.address(), host.domain(), origins, replies);
            NegotiationRun p = pingers.negotiate(PINGERS, 10, LoadBench.TIMEOUT);
            Percentiles warm = pingers.pingAll(Duration.ofSeconds(30));
            System.err.println("pingers: " + p + "; first ping " + warm);
            ProcessStats start = ProcessStats.of(host.pid());

            AtomicLong peakRss = new AtomicLong();
            AtomicLong peakThreads = new AtomicLong();
            AtomicLong peakFds = new AtomicLong();
            List<String> pingRounds = new ArrayList<>();
            long[] pingTotals = new long[2];
            volatileStop = false;
            Thread sampler = new Thread(() -> {
                while (!volatileStop) {
                    ProcessStats s = ProcessStats.of(host.pid());
                    peakRss.accumulateAndGet(s.rssKiB(), Math::max);
                    peakThreads.accumulateAndGet(s.threads(), Math::max);
                    peakFds.accumulateAndGet(s.fds(), Math::max);
                    sleep(250);
                }
            });
            sampler.start();
            Thread pinger = new Thread(() -> {
                while (!volatileStop) {
                    try {
                        long t0 = System.nanoTime();
                        Percentiles r = pingers.pingAll(Duration.ofSeconds(5));
                        synchronized (pingRounds) {
                            pingRounds.add(String.format("%d/%d p50 %.0f ms max %.0f ms", r.count(), PINGERS, r.p50(), r.max()));
                            pingTotals[0] += r.count();
                            pingTotals[1] += PINGERS;
                        }
                        sleep(Math.max(0, 1000 - (System.nanoTime() - t0) / 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            pinger.start();

            long t0 = System.nanoTime();
            SilentConnections silent = new SilentConnections(host.address(), idle);
            System.err.printf("%d silent connections open after %.1f s%n", idle, (System.nanoTime() - t0) / 1e9);
            // the storm's domains have no route back: they do not ping, so the host never needs one
            LoadGenerator storm = new LoadGenerator(host.address(), host.domain(), stormDomains, replies);
            NegotiationRun sr = storm.negotiate(negotiations, negotiations, LoadBench.TIMEOUT);
            System.err.printf("storm done after %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, sr);
            // until every silent connection is closed, or 15 s past the timeout
            long limit = t0 + (NEGOTIATION_TIMEOUT_S + 15) * 1_000_000_000L;
            int closedEarly = -1;
            while (System.nanoTime() < limit && silent.closedCount() < idle) {
                if (closedEarly < 0 && System.nanoTime() - t0 > (NEGOTIATION_TIMEOUT_S - 2) * 1_000_000_000L) {
                    closedEarly = silent.closedCount();
                }
                Thread.sleep(100);
            }
            int closedLate = silent.closedCount();
            Percentiles closedAfter = silent.closedAfter();
            double lateAt = (System.nanoTime() - t0) / 1e9;
            volatileStop = true;
            pinger.join(10_000);
            sampler.join(5_000);
            ProcessStats afterStorm = ProcessStats.of(host.pid());
            storm.closeAll();
            silent.close();
            Thread.sleep(3000);
            ProcessStats end = ProcessStats.of(host.pid());
            System.out.println("| figure | value |");
            System.out.println("|---|---|");
            System.out.printf("| storm negotiations (all started at once) | %s |%n", sr);
            System.out.printf("| silent connections closed by the host %d s after connecting (before its %d s negotiation timeout) | %d/%d |%n",
                    NEGOTIATION_TIMEOUT_S - 2, NEGOTIATION_TIMEOUT_S, Math.max(0, closedEarly), idle);
            System.out.printf("| silent connections closed by t=%.1f s | %d/%d; closed after connect: %s |%n", lateAt, closedLate, idle, closedAfter);
            System.out.printf("| pings answered on the %d authenticated streams during the storm | %d/%d |%n", PINGERS, pingTotals[0], pingTotals[1]);
            System.out.printf("| ping rounds (1/s) | %s |%n", String.join("; ", pingRounds));
            System.out.printf("| host RSS: start / peak / with %d streams held / after closing all | %.0f / %.0f / %.0f / %.0f MiB |%n",
                    sr.succeeded() + PINGERS, start.rssKiB() / 1024.0, peakRss.get() / 1024.0, afterStorm.rssKiB() / 1024.0, end.rssKiB() / 1024.0);
            System.out.printf("| host threads: start / peak / end | %d / %d / %d |%n", start.threads(), peakThreads.get(), end.threads());
            System.out.printf("| host fds: start / peak / end | %d / %d / %d |%n", start.fds(), peakFds.get(), end.fds());
            pingers.closeAll();
        }
    }

    private static volatile boolean volatileStop;

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
