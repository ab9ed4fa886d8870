package dev.portcullis.benchmarks;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.load.InitiatingStream;
import dev.portcullis.testkit.load.OriginDomains;
import dev.portcullis.testkit.load.ProcessStats;
import dev.portcullis.testkit.load.ReplyServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Provider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * {@code ./portcullis bench}: Portcullis on each TLS provider, Prosody 0.12 and a bare-provider handshake loop,
 * side by side in one run, with the same generator (this JVM) and the same certificates, in two certificate sets;
 * writes RESULTS.md ({@link Report}).
 *
 * <pre>
 * java -cp ... dev.portcullis.benchmarks.Bench --dist DIR --out RESULTS.md --work DIR [--quick]
 *      [--sets rsa,ec] [--columns portcullis-sun,prosody,...] [--idle-set ec|rsa|none] [--command TEXT]
 *      [--generator-provider auto|sun|conscrypt] [--note TEXT]
 * </pre>
 */
public final class Bench {
    private final Plan plan;
    private final Path work;
    private final TestCa ca = TestCa.create("Bench CA");
    private final Path caFile;
    private final Provider generatorProvider;

    private final Path out;
    private final String command;
    private final int planned;
    private final List<ColumnResult> results = new ArrayList<>();
    private final Report.Environment before = Report.Environment.now();
    private final Instant started = Instant.now();
    private final long t0 = System.nanoTime();

    private final String note;
    /** The server running now: closed by the shutdown hook when the run is stopped (Ctrl-C, kill). */
    private static volatile ServerUnderTest current;

    private Bench(Plan plan, Path work, Provider generatorProvider, Path out, String command, int planned, String note)
            throws IOException {
        this.note = note;
        this.out = out;
        this.command = command;
        this.planned = planned;
        this.plan = plan;
        this.work = work;
        this.generatorProvider = generatorProvider;
        this.caFile = ca.writeCertificate(work.resolve("ca.pem"));
    }

    public static void main(String[] args) throws Exception {
        Plan plan = Plan.FULL;
        Path out = null;
        Path work = null;
        Set<CertSet> sets = EnumSet.allOf(CertSet.class);
        Set<Column> columns = EnumSet.allOf(Column.class);
        CertSet idleSet = CertSet.ECDSA_P256;
        String command = "./portcullis bench";
        String generator = "auto";
        String note = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> plan = Plan.QUICK;
                case "--out" -> out = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--dist" -> System.setProperty("portcullis.dist", args[++i]);
                case "--command" -> command = args[++i];
                case "--generator-provider" -> generator = args[++i];
                case "--note" -> note = args[++i];
                case "--sets" -> {
                    sets = EnumSet.noneOf(CertSet.class);
                    for (String s : args[++i].split(",")) {
                        sets.add(s.equals("rsa") ? CertSet.RSA_2048 : CertSet.ECDSA_P256);
                    }
                }
                case "--columns" -> {
                    columns = EnumSet.noneOf(Column.class);
                    for (String c : args[++i].split(",")) {
                        columns.add(Column.valueOf(c.toUpperCase(java.util.Locale.ROOT).replace('-', '_')));
                    }
                }
                case "--idle-set" -> {
                    String s = args[++i];
                    idleSet = s.equals("none") ? null : s.equals("rsa") ? CertSet.RSA_2048 : CertSet.ECDSA_P256;
                }
                default -> {
                    System.err.println("bench: unknown option " + args[i] + "\nusage: Bench --dist DIR --out FILE --work DIR"
                            + " [--quick] [--sets rsa,ec] [--columns portcullis-sun,...] [--idle-set ec|rsa|none]"
                            + " [--generator-provider auto|sun|conscrypt] [--note TEXT]");
                    System.exit(2);
                }
            }
        }
        if (out == null || work == null || System.getProperty("portcullis.dist") == null) {
            System.err.println("bench: --out, --work and --dist are required");
            System.exit(2);
        }
        Files.createDirectories(work);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ServerUnderTest s = current;
            if (s != null) {
                s.close();
            }
        }, "bench-stop-server"));
        Bench b = new Bench(plan, work, generatorProvider(generator), out, command, sets.size() * columns.size(), note);
        for (CertSet set : sets) {
            b.runSet(set, columns, set == idleSet);
        }
        b.write(true);
        System.err.printf("bench: wrote %s after %.1f min%n", out, (System.nanoTime() - b.t0) / 60e9);
        System.exit(0);
    }

    /**
     * Writes the report so far: after every column, so that a run cut short (deadline, Ctrl-C) still leaves
     * every figure measured until then, marked as partial in the header.
     */
    private void write(boolean done) throws IOException {
        String status = done ? note : (note == null ? "" : note + "\n\n") + String.format(Locale.ROOT, "**Partial:** written after %d of %d columns; the run "
                + "had not finished (or was stopped) when this file was last written.", results.size(), planned);
        String md = new Report(plan, command, started, Duration.ofNanos(System.nanoTime() - t0), before,
                Report.Environment.now(), TlsProviders.describe(generatorProvider), results, status).markdown();
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.writeString(tmp, md);
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The generator's client TLS: Conscrypt where it loads (its handshakes cost the shared cores less, leaving more
     * to the server under test), else SunJSSE; the report names the one used.
     */
    private static Provider generatorProvider(String name) throws TlsProviders.Unavailable {
        if (!name.equals("auto")) {
            return TlsProviders.named(name);
        }
        try {
            return TlsProviders.named("conscrypt");
        } catch (TlsProviders.Unavailable e) {
            log("generator: %s; using SunJSSE", e.getMessage());
            return TlsProviders.named("sun");
        }
    }

    private static void log(String fmt, Object... args) {
        System.err.printf("[bench %tT] %s%n", System.currentTimeMillis(), String.format(fmt, args));
    }

    /** The origin domains of one set: {@code routed} (links, then the steady pool) and {@code bulk} (storm, idle). */
    private record Domains(OriginDomains routed, OriginDomains bulk, KeyPair serverKey) {
    }

    private void runSet(CertSet set, Set<Column> columns, boolean idle) throws Exception {
        long t0 = System.nanoTime();
        KeyPair originKey = set.key.generate();
        KeyPair serverKey = set.key.generate();
        int bulkCount = Math.max(plan.storm(), idle ? plan.idleMax() : 1);
        Domains d = new Domains(new OriginDomains(ca, set.prefix + "-rt", plan.links() + plan.pool(), originKey, generatorProvider),
                new OriginDomains(ca, set.prefix + "-bulk", bulkCount, originKey, generatorProvider), serverKey);
        // certificates and TLS contexts up front: not part of any measured phase
        d.routed().names().parallelStream().forEach(d.routed()::context);
        d.bulk().names().parallelStream().forEach(d.bulk()::context);
        log("%s: %d + %d origin certificates and contexts in %.1f s", set.label, d.routed().names().size(),
                d.bulk().names().size(), (System.nanoTime() - t0) / 1e9);
        List<ColumnResult> mine = new ArrayList<>();
        try (ReplyServer replies = new ReplyServer(d.routed())) {
            for (Column c : columns) {
                ColumnResult r = new ColumnResult(set, c);
                try {
                    runColumn(r, d, replies);
                } catch (Exception | AssertionError e) {
                    r.notRun = (r.notRun == null ? "" : r.notRun + "; ") + "the run failed: " + e;
                    log("%s %s failed: %s", set.label, c.id(), e);
                    e.printStackTrace();
                }
                mine.add(r);
                results.add(r);
                write(false);
            }
            if (idle) {
                for (ColumnResult r : mine) {
                    if (r.column.xmpp() && r.notRun == null) {
                        try {
                            runIdle(r, d, replies);
                        } catch (Exception | AssertionError e) {
                            int held = r.idle.isEmpty() ? 0 : r.idle.get(r.idle.size() - 1).streams();
                            r.idleNote = (e instanceof java.io.UncheckedIOException
                                    ? "the server process exited during the step after " + String.format("%,d", held)
                                    + " streams (no /proc entry any more)" : "the idle-stream run failed: " + e);
                            log("%s %s idle failed: %s", set.label, r.column.id(), e);
                            e.printStackTrace();
                        }
                        write(false);
                    }
                }
            }
        }
    }

    private IssuedCertificate serverCertificate(String domain, KeyPair key) {
        return ca.issue(domain).dnsName(domain).xmppAddr(domain).keyPair(key).build();
    }

    /** A started server of this column, or null with {@code r.notRun} set. */
    private ServerUnderTest start(ColumnResult r, Domains d, ReplyServer replies, String tag) throws Exception {
        Path dir = Files.createTempDirectory(work, r.set.prefix + "-" + r.column.id() + "-" + tag + "-");
        switch (r.column.kind) {
            case PORTCULLIS -> {
                ReferenceHost h = new ReferenceHost(r.column.label, serverCertificate(ReferenceHost.DOMAIN, d.serverKey()),
                        d.routed().names(), replies.port(), caFile, Map.of(), Map.of("provider", r.column.provider));
                r.providerEvidence = h.tlsOutcome();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("TLS policy in force: .* on (\\S+?),")
                        .matcher(h.tlsOutcome());
                if (!m.find()) {
                    r.notRun = "the host did not take `provider = " + r.column.provider + "`: " + Report.reason(h.tlsOutcome());
                    h.close();
                    return null;
                }
                r.providerInForce = m.group(1);
                if (!r.providerInForce.toLowerCase(java.util.Locale.ROOT).contains(r.column.provider)) {
                    List<String> why = h.logLines(r.column.provider, 3);
                    r.providerEvidence += why.isEmpty() ? "" : " — " + String.join(" — ", why);
                }
                return h;
            }
            case PROSODY -> {
                ProsodyUnderTest p = new ProsodyUnderTest(serverCertificate(ProsodyUnderTest.DOMAIN, d.serverKey()),
                        d.routed().names(), replies.port(), caFile, dir);
                r.providerInForce = "OpenSSL (LuaSec)";
                r.providerEvidence = "Prosody " + Report.Environment.prosodyVersion();
                return p;
            }
            case BARE -> {
                KeyShare.save(ca, serverCertificate("bare.test", d.serverKey()), dir);
                BareServer s = BareServer.start(dir, r.column.provider);
                if (s.unavailable() != null) {
                    r.notRun = "provider unavailable: " + s.unavailable();
                    s.close();
                    return null;
                }
                r.providerInForce = s.provider();
                r.providerEvidence = "the bare server reports " + s.provider();
                return s;
            }
            default -> throw new IllegalStateException();
        }
    }

    private void runColumn(ColumnResult r, Domains d, ReplyServer replies) throws Exception {
        log("%s %s: starting", r.set.label, r.column.id());
        ServerUnderTest server = start(r, d, replies, "run");
        if (server == null) {
            log("%s %s: not run: %s", r.set.label, r.column.id(), r.notRun);
            return;
        }
        current = server;
        try (server) {
            Generator.Negotiation n = r.column.xmpp()
                    ? Generator.xmpp(server.address(), server.domain(), d.routed(), replies, true)
                    : Generator.bare(server.address(), "bare.test", d.routed());
            int[] cursor = {0};
            IntFunction<String> pool = i -> d.routed().name(plan.links() + (cursor[0] + i) % plan.pool());
            r.cold = phase(server, () -> Generator.run(n, pool, plan.cold(), plan.phaseMax(), plan.concurrency(), false));
            r.count(r.cold.run());
            cursor[0] += plan.cold();
            log("%s %s: cold %s", r.set.label, r.column.id(), brief(r.cold));
            // at least warmUp long, then on until warmUpMin negotiations, never beyond phaseMax
            Generator.Run warm = Generator.run(n, pool, Integer.MAX_VALUE, plan.warmUp(), plan.concurrency(), false);
            r.count(warm);
            cursor[0] += warm.attempted();
            if (warm.ok() < plan.warmUpMin() && plan.phaseMax().compareTo(plan.warmUp()) > 0) {
                Generator.Run more = Generator.run(n, pool, plan.warmUpMin() - warm.ok(),
                        plan.phaseMax().minus(plan.warmUp()), plan.concurrency(), false);
                r.count(more);
                cursor[0] += more.attempted();
                warm = new Generator.Run(warm.attempted() + more.attempted(), warm.ok() + more.ok(),
                        warm.failed() + more.failed(), List.of(), warm.wallNanos() + more.wallNanos(), List.of(), List.of());
            }
            r.warm = warm;
            log("%s %s: warm-up %d in %.1f s", r.set.label, r.column.id(), r.warm.ok(), r.warm.wallNanos() / 1e9);
            boolean profile = r.column.kind == Column.Kind.PORTCULLIS;
            Path steadyJfr = work.resolve(r.set.prefix + "-" + r.column.id() + "-steady.jfr");
            if (profile) {
                JvmHeap.jcmd(server.pid(), "JFR.start name=steady settings=profile filename=" + steadyJfr);
            }
            r.steady = phase(server, () -> Generator.run(n, pool, plan.steady(), plan.steadyMax(), plan.concurrency(), false));
            r.count(r.steady.run());
            cursor[0] += r.steady.run().attempted();
            if (profile) {
                JvmHeap.jcmd(server.pid(), "JFR.stop name=steady");
                r.steadyProfile = JfrProfile.read(steadyJfr, 12);
            }
            log("%s %s: steady %s", r.set.label, r.column.id(), brief(r.steady));
            if (r.column.xmpp()) {
                storm(r, server, d, replies, profile);
            }
        }
    }

    private void storm(ColumnResult r, ServerUnderTest server, Domains d, ReplyServer replies, boolean profile) throws Exception {
        Generator.Run links = Generator.run(Generator.xmpp(server.address(), server.domain(), d.routed(), replies, true),
                d.routed()::name, plan.links(), plan.phaseMax(), Math.min(plan.links(), 10), true);
        r.count(links);
        r.linksOk = links.ok();
        List<InitiatingStream> held = links.held().stream().map(InitiatingStream.class::cast).toList();
        Generator.Negotiation stormN = Generator.xmpp(server.address(), server.domain(), d.bulk(), replies, false);
        Path stormJfr = work.resolve(r.set.prefix + "-" + r.column.id() + "-storm.jfr");
        try (Storm s = new Storm(held, replies, plan.pingInterval())) {
            Object base = s.begin();
            Thread.sleep(plan.baseline().toMillis());
            Object during = s.begin();
            if (profile) {
                JvmHeap.jcmd(server.pid(), "JFR.start name=storm settings=profile filename=" + stormJfr);
            }
            r.storm = phase(server, () -> Generator.run(stormN, d.bulk()::name, plan.storm(), plan.phaseMax(),
                    plan.concurrency(), false));
            s.stopPinging();
            if (profile) {
                JvmHeap.jcmd(server.pid(), "JFR.stop name=storm");
                r.stormProfile = JfrProfile.read(stormJfr, 12);
            }
            r.baseline = s.end(base);
            r.during = s.end(during);
        }
        r.count(r.storm.run());
        log("%s %s: storm %s; links %d/%d, pings during: %d sent, %d lost, %s", r.set.label, r.column.id(),
                brief(r.storm), r.linksOk, plan.links(), r.during.sent(), r.during.lost(), r.during.rtt());
    }

    /** A fresh server: RSS right after start, then idle authenticated streams held, cumulatively, step by step. */
    private void runIdle(ColumnResult r, Domains d, ReplyServer replies) throws Exception {
        log("%s %s: idle streams, fresh server", r.set.label, r.column.id());
        ColumnResult scratch = new ColumnResult(r.set, r.column);
        ServerUnderTest server = start(scratch, d, replies, "idle");
        if (server == null) {
            r.idleNote = scratch.notRun;
            return;
        }
        List<Generator.Run> runs = new ArrayList<>();
        current = server;
        try (server) {
            boolean jvm = r.column.kind == Column.Kind.PORTCULLIS;
            Thread.sleep(3000);
            long rss0 = ProcessStats.of(server.pid()).rssKiB();
            long heap0 = jvm ? JvmHeap.liveKiB(server.pid()) : -1;
            Generator.Negotiation n = Generator.xmpp(server.address(), server.domain(), d.bulk(), replies, false);
            int held = 0;
            for (int i = 0; i < plan.idleSteps().size(); i++) {
                int step = plan.idleSteps().get(i);
                int from = held;
                Generator.Run run = Generator.run(n, k -> d.bulk().name(from + k), step - held, plan.phaseMax(),
                        plan.idleConcurrency(), true);
                runs.add(run);
                r.count(run);
                held += run.ok();
                Thread.sleep(3000);
                long rss = ProcessStats.of(server.pid()).rssKiB();
                boolean last = i == plan.idleSteps().size() - 1;
                long heap = jvm && last ? JvmHeap.liveKiB(server.pid()) : -1;
                r.idle.add(new IdleMemory(step, held, rss0, rss, last ? heap0 : -1, heap));
                log("%s %s: %d idle streams held, RSS %.1f MiB (%.1f KiB each)", r.set.label, r.column.id(), held,
                        rss / 1024.0, r.idle.get(r.idle.size() - 1).rssPerStreamKiB());
                if (held < step) {
                    break;
                }
            }
            r.idleNote = "server's open-file limit: " + Report.Environment.openFileLimit(server.pid());
        } finally {
            for (Generator.Run run : runs) {
                run.closeHeld();
            }
        }
    }

    private interface RunSupplier {
        Generator.Run get() throws Exception;
    }

    /** Runs a phase and measures it: server and generator CPU, wall time, load average at its end. */
    private static ColumnResult.Phase phase(ServerUnderTest server, RunSupplier s) throws Exception {
        long self = ProcessHandle.current().pid();
        ProcessStats s0 = ProcessStats.of(server.pid());
        ProcessStats g0 = ProcessStats.of(self);
        Generator.Run run = s.get();
        ProcessStats s1 = ProcessStats.of(server.pid());
        ProcessStats g1 = ProcessStats.of(self);
        Window w = Window.between(s0, s1, g0, g1, run.wallNanos(), run.ok());
        return new ColumnResult.Phase(run, w, Report.Environment.loadAverage1());
    }

    private static String brief(ColumnResult.Phase p) {
        return String.format("%d/%d ok in %.1f s, %.1f/s, server %.2f ms/neg, generator %.2f ms/neg, load %.1f%s",
                p.run().ok(), p.run().attempted(), p.window().wallNanos() / 1e9, p.window().perSecond(),
                p.window().serverCpuPerNegotiation(), p.window().generatorCpuPerNegotiation(), p.loadAverage(),
                p.run().failures().isEmpty() ? "" : "; first failure: " + p.run().failures().get(0));
    }

    /** The bare-provider server JVM ({@link BareTlsServer}). */
    private static final class BareServer implements ServerUnderTest {
        private final Process process;
        private final InetSocketAddress address;
        private final String provider;
        private final String unavailable;

        private BareServer(Process process, InetSocketAddress address, String provider, String unavailable) {
            this.process = process;
            this.address = address;
            this.provider = provider;
            this.unavailable = unavailable;
        }

        static BareServer start(Path dir, String provider) throws Exception {
            Path portFile = dir.resolve("bare.port");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), BareTlsServer.class.getName(),
                    portFile.toString(), dir.toString(), provider)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("bare-server.out").toFile()).start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(portFile) || Files.readString(portFile).isBlank()) {
                if (System.nanoTime() > end || !p.isAlive()) {
                    p.destroy();
                    return new BareServer(p, null, null, "the bare TLS server did not start: "
                            + Files.readString(dir.resolve("bare-server.out")).strip());
                }
                Thread.sleep(50);
            }
            String line = Files.readString(portFile).strip();
            if (line.startsWith("UNAVAILABLE ")) {
                return new BareServer(p, null, null, line.substring("UNAVAILABLE ".length()));
            }
            String[] f = line.split(" ", 2);
            return new BareServer(p, new InetSocketAddress("127.0.0.1", Integer.parseInt(f[0])), f[1], null);
        }

        String provider() {
            return provider;
        }

        String unavailable() {
            return unavailable;
        }

        @Override
        public String label() {
            return "bare TLS server";
        }

        @Override
        public InetSocketAddress address() {
            return address;
        }

        @Override
        public String domain() {
            return "bare.test";
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public void close() {
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.destroyForcibly();
        }
    }
}
