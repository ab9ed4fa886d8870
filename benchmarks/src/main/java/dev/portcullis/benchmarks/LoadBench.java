package dev.portcullis.benchmarks;

import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.load.LoadGenerator;
import dev.portcullis.testkit.load.NegotiationRun;
import dev.portcullis.testkit.load.OriginDomains;
import dev.portcullis.testkit.load.Percentiles;
import dev.portcullis.testkit.load.ProcessStats;
import dev.portcullis.testkit.load.ReplyServer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the load generator with identical settings against one target and prints one result line (Markdown).
 *
 * <pre>
 * java -cp ... dev.portcullis.benchmarks.LoadBench portcullis|prosody|jsse STREAMS CONCURRENCY
 * java -cp ... dev.portcullis.benchmarks.LoadBench slowloris  NEGOTIATIONS IDLE_CONNECTIONS
 * </pre>
 *
 * Each target run: warm up with {@value #WARMUP} negotiations (then closed), read the server's VmRSS, open
 * STREAMS streams CONCURRENCY at a time and keep them idle, ping over each once (XEP-0199), wait two seconds,
 * read VmRSS again. Everything is bounded: each negotiation times out after 30 s, the run after all complete.
 * {@code portcullis} needs {@code -Dportcullis.dist=bundles/launcher/target/portcullis}.
 */
public final class LoadBench {
    static final int WARMUP = 100;
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private LoadBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("jsse-server")) {
            JsseCeiling.serve(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        if (args.length != 3) {
            System.err.println("usage: LoadBench portcullis|prosody|jsse STREAMS CONCURRENCY | slowloris NEGOTIATIONS IDLE");
            System.exit(2);
        }
        int n = Integer.parseInt(args[1]);
        int c = Integer.parseInt(args[2]);
        Path dir = Files.createTempDirectory("portcullis-load-");
        TestCa ca = TestCa.create("Load CA");
        switch (args[0]) {
            case "portcullis", "prosody" -> xmpp(args[0], n, c, ca, dir);
            case "portcullis-samefrom", "prosody-samefrom" -> sameFrom(args[0].replace("-samefrom", ""), n, c, ca, dir);
            case "jsse" -> jsse(n, c, ca, dir);
            case "slowloris" -> Reliability.run(n, c, ca, dir);
            default -> throw new IllegalArgumentException("unknown target " + args[0]);
        }
        System.exit(0);
    }

    private static void xmpp(String target, int n, int c, TestCa ca, Path dir) throws Exception {
        OriginDomains origins = new OriginDomains(ca, "load", WARMUP + n);
        long t0 = System.nanoTime();
        origins.names().forEach(origins::context); // certificates up front: not part of the measured runs
        System.err.printf("issued %d origin certificates in %.1f s%n", origins.names().size(), (System.nanoTime() - t0) / 1e9);
        Path caFile = ca.writeCertificate(dir.resolve("ca.pem"));
        try (ReplyServer replies = new ReplyServer(origins);
             ServerUnderTest server = target.equals("portcullis")
                     ? new ReferenceHost(origins, replies, caFile, Map.of())
                     : new ProsodyUnderTest(origins, replies, caFile, dir)) {
            LoadGenerator gen = new LoadGenerator(server.address(), server.domain(), origins, replies);
            NegotiationRun warm = gen.negotiate(WARMUP, c, TIMEOUT);
            System.err.println("warm-up: " + warm);
            Percentiles warmPing = gen.pingAll(Duration.ofSeconds(30));
            System.err.println("warm-up ping: " + warmPing);
            gen.closeAll();
            Thread.sleep(3000);
            boolean jvm = target.equals("portcullis");
            long heapBefore = jvm ? JvmHeap.liveKiB(server.pid()) : 0;
            ProcessStats before = ProcessStats.of(server.pid());
            NegotiationRun run = gen.negotiate(n, c, TIMEOUT);
            ProcessStats negotiated = ProcessStats.of(server.pid());
            long heapAfter = jvm ? JvmHeap.liveKiB(server.pid()) : 0;
            if (jvm) {
                System.err.printf("live heap after full GC: %.1f → %.1f MiB = %.1f KiB per inbound stream%n",
                        heapBefore / 1024.0, heapAfter / 1024.0, (heapAfter - heapBefore) / (double) Math.max(1, run.succeeded()));
            }
            Percentiles ping = gen.pingAll(Duration.ofSeconds(60));
            Thread.sleep(2000);
            ProcessStats after = ProcessStats.of(server.pid());
            System.err.println("run: " + run);
            System.err.println("ping: " + ping + "; reply streams accepted " + replies.accepted() + ", failed "
                    + replies.failed() + (replies.lastFailure() == null ? "" : " (" + replies.lastFailure() + ")"));
            System.err.println("before: " + before + "; negotiated: " + negotiated + "; after ping: " + after);
            System.err.printf("server CPU per inbound negotiation (before the pings): %.2f ms%n",
                    (negotiated.cpuMillis() - before.cpuMillis()) / (double) Math.max(1, run.succeeded()));
            row(server.label(), n, c, run, ping, before, negotiated, after);
            gen.closeAll();
        }
    }

    /**
     * Does the server accept many streams from one origin domain? Opens N streams all from {@code load-0.test},
     * waits, pings over each, and counts the streams the server has closed (e.g. replaced by a newer one).
     */
    private static void sameFrom(String target, int n, int c, TestCa ca, Path dir) throws Exception {
        OriginDomains origins = new OriginDomains(ca, "load", 1);
        Path caFile = ca.writeCertificate(dir.resolve("ca.pem"));
        try (ReplyServer replies = new ReplyServer(origins);
             ServerUnderTest server = target.equals("portcullis")
                     ? new ReferenceHost(origins, replies, caFile, Map.of())
                     : new ProsodyUnderTest(origins, replies, caFile, dir)) {
            LoadGenerator gen = new LoadGenerator(server.address(), server.domain(), origins, replies);
            NegotiationRun run = gen.negotiate(n, c, TIMEOUT);
            Thread.sleep(3000);
            Percentiles ping = gen.pingAll(Duration.ofSeconds(20));
            int closed = gen.countClosedByServer();
            System.out.printf("| %s | %d streams from one domain | %s | still open after 3 s: %d/%d | pings answered: %d |%n",
                    server.label(), n, run, run.succeeded() - closed, run.succeeded(), ping.count());
            gen.closeAll();
        }
    }

    private static void jsse(int n, int c, TestCa ca, Path dir) throws Exception {
        KeyShare.save(ca, "jsse.test", dir);
        Path portFile = dir.resolve("jsse.port");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LoadBench.class.getName(), "jsse-server",
                portFile.toString(), dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("jsse-server.out").toFile()).start();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(portFile) || Files.readString(portFile).isBlank()) {
                if (System.nanoTime() > end || !p.isAlive()) {
                    throw new IllegalStateException("the JSSE server did not start: " + Files.readString(dir.resolve("jsse-server.out")));
                }
                Thread.sleep(50);
            }
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", Integer.parseInt(Files.readString(portFile).trim()));
            OriginDomains clients = new OriginDomains(ca, "load", WARMUP + n);
            clients.names().forEach(clients::context);
            JsseCeiling.Run warm = JsseCeiling.connect(address, clients, 0, WARMUP, c);
            for (Socket s : warm.held()) {
                s.close();
            }
            Thread.sleep(3000);
            long heapBefore = JvmHeap.liveKiB(p.pid());
            ProcessStats before = ProcessStats.of(p.pid());
            JsseCeiling.Run run = JsseCeiling.connect(address, clients, WARMUP, n, c);
            Thread.sleep(2000);
            ProcessStats after = ProcessStats.of(p.pid());
            long heapAfter = JvmHeap.liveKiB(p.pid());
            System.err.printf("live heap after full GC: %.1f → %.1f MiB = %.1f KiB per connection%n",
                    heapBefore / 1024.0, heapAfter / 1024.0, (heapAfter - heapBefore) / (double) Math.max(1, run.ok()));
            NegotiationRun r = new NegotiationRun(n, run.ok(), 0, run.failed(), run.wallNanos(), run.latency(), java.util.List.of());
            System.err.println("run: " + r + "\nbefore: " + before + "; after: " + after);
            row("bare JSSE TLS 1.3 handshake (ceiling)", n, c, r, null, before, after, after);
            for (Socket s : run.held()) {
                s.close();
            }
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * One Markdown row. Memory and CPU per stream are taken over the negotiations alone ({@code before} to
     * {@code negotiated}: inbound streams only); the last column is RSS after the pings, which for an XMPP server
     * includes its own outbound stream back to every origin domain (s2s streams are one-way).
     */
    static void row(String label, int n, int c, NegotiationRun run, Percentiles ping, ProcessStats before,
                    ProcessStats negotiated, ProcessStats after) {
        int ok = Math.max(1, run.succeeded());
        double perStreamKiB = (negotiated.rssKiB() - before.rssKiB()) / (double) ok;
        double cpuPerStream = (negotiated.cpuMillis() - before.cpuMillis()) / (double) ok;
        System.out.printf("| %s | %d | %d | %d/%d | %.1f | %.1f / %.1f / %.1f / %.1f | %.2f | %.1f → %.1f | %.1f | %s | %.1f |%n",
                label, n, c, run.succeeded(), run.attempted(), run.perSecond(), run.latency().p50(), run.latency().p90(),
                run.latency().p99(), run.latency().max(), cpuPerStream, before.rssKiB() / 1024.0,
                negotiated.rssKiB() / 1024.0, perStreamKiB,
                ping == null ? "–" : String.format("%d/%d, p50 %.0f ms, max %.0f ms", ping.count(), run.succeeded(), ping.p50(), ping.max()),
                after.rssKiB() / 1024.0);
    }
}
