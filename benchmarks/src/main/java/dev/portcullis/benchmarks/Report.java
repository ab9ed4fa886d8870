package dev.portcullis.benchmarks;

import dev.portcullis.testkit.load.Percentiles;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Renders one run as RESULTS.md: every figure from the measurements, every verdict from {@link Verdict}. */
final class Report {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /** The machine and its load at one moment. */
    record Environment(Instant at, String load, int cores, String cpu, String memory, String kernel, String jdk,
                       String host, String prosody, String openFiles) {
        static Environment now() {
            return new Environment(Instant.now(), read("/proc/loadavg").map(l -> String.join(" ", List.of(l.split(" ")).subList(0, 3))).orElse("?"),
                    Runtime.getRuntime().availableProcessors(),
                    read("/proc/cpuinfo").flatMap(c -> c.lines().filter(l -> l.startsWith("model name")).findFirst())
                            .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?"),
                    read("/proc/meminfo").flatMap(c -> c.lines().filter(l -> l.startsWith("MemTotal")).findFirst())
                            .map(l -> String.format("%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0)).orElse("?"),
                    read("/proc/sys/kernel/osrelease").map(String::strip).orElse("?"),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                    hostname(), prosodyVersion(), openFileLimit(ProcessHandle.current().pid()));
        }

        static double loadAverage1() {
            return read("/proc/loadavg").map(l -> Double.parseDouble(l.split(" ")[0])).orElse(Double.NaN);
        }

        static String prosodyVersion() {
            return run("dpkg-query", "-W", "-f", "${Version}", "prosody").orElse("(not installed)");
        }

        /** "soft / hard" from /proc/PID/limits ("Max open files"). */
        static String openFileLimit(long pid) {
            return read("/proc/" + pid + "/limits").flatMap(c -> c.lines().filter(l -> l.startsWith("Max open files")).findFirst())
                    .map(l -> {
                        String[] f = l.substring("Max open files".length()).strip().split("\\s+");
                        return f[0] + " soft / " + f[1] + " hard";
                    }).orElse("?");
        }

        private static String hostname() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "?";
            }
        }

        private static Optional<String> read(String file) {
            try {
                return Optional.of(Files.readString(Path.of(file), StandardCharsets.UTF_8));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        private static Optional<String> run(String... command) {
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private final Plan plan;
    private final String command;
    private final Instant started;
    private final Duration took;
    private final Environment before;
    private final Environment after;
    private final String generatorTls;
    private final List<ColumnResult> results;
    private final String status;

    /** @param status null for a finished run, else what the header says about a partial one */
    Report(Plan plan, String command, Instant started, Duration took, Environment before, Environment after,
           String generatorTls, List<ColumnResult> results, String status) {
        this.status = status;
        this.plan = plan;
        this.command = command;
        this.started = started;
        this.took = took;
        this.before = before;
        this.after = after;
        this.generatorTls = generatorTls;
        this.results = List.copyOf(results);
    }

    /** A log line for a Markdown table cell: bounded, no pipes or newlines. */
    static String logLine(String s) {
        String t = s == null ? "" : s.replace('\n', ' ').replace("|", "\\|").replace("`", "'").strip();
        return t.length() > 400 ? t.substring(0, 400) + "…" : t;
    }

    /**
     * The reason in a host log line, without timestamp, thread and logger (up to the logger's " - "), and for a
     * rejected configuration from the rejected key on ("provider = ...: why").
     */
    static String reason(String line) {
        if (line == null) {
            return "";
        }
        int dash = line.indexOf(" - ");
        String t = dash >= 0 ? line.substring(dash + 3) : line;
        int key = t.indexOf("provider = ");
        if (t.startsWith("Rejected configuration") && key >= 0) {
            t = t.substring(key);
        }
        int tail = t.indexOf("; there is no valid TLS configuration");
        return logLine(tail >= 0 ? t.substring(0, tail) : t);
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
    }

    static String pct(Percentiles p) {
        return p == null || p.count() == 0 ? "–" : ms(p.p50()) + " / " + ms(p.p90()) + " / " + ms(p.p99());
    }

    private static Percentiles latency(ColumnResult.Phase p) {
        return Percentiles.ofNanos(p.run().latencyNanos());
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Portcullis benchmark: Portcullis vs Prosody 0.12 vs a bare TLS provider (issue 12)\n\n");
        b.append(String.format(Locale.ROOT, "Generated by `%s` (%s plan) on %s, in %.1f min, on `%s`. Do not edit by hand: "
                        + "run the command again. The machine was shared with other work while this ran; read the load "
                        + "averages below before comparing figures across runs.\n\n",
                command, plan.name(), TIME.format(started), took.toSeconds() / 60.0, before.host()));
        if (status != null) {
            b.append(status).append("\n\n");
        }
        b.append("| | |\n|---|---|\n");
        b.append("| cores | ").append(before.cores()).append(" (").append(before.cpu()).append(") |\n");
        b.append("| memory | ").append(before.memory()).append(" |\n");
        b.append("| kernel | Linux ").append(before.kernel()).append(" |\n");
        b.append("| JDK (generator and Portcullis) | ").append(before.jdk()).append(" |\n");
        b.append("| Prosody | ").append(before.prosody()).append(" (Debian) |\n");
        b.append("| generator | this benchmark's own JVM (`dev.portcullis.benchmarks.Bench`), client TLS on ").append(generatorTls)
                .append("; open files ").append(before.openFiles()).append(" |\n");
        b.append("| load average (1, 5, 15 min) | start ").append(before.load()).append("; end ").append(after.load()).append(" |\n\n");

        targets(b);
        method(b);
        for (CertSet set : sets()) {
            negotiationTable(b, set, "Steady state", r -> r.steady,
                    String.format(Locale.ROOT, "after a warm-up of at least %d s and %,d negotiations (the warm-up column says how "
                            + "many, in how long)", plan.warmUp().toSeconds(), plan.warmUpMin()), true);
            negotiationTable(b, set, "Cold", r -> r.cold, "the first " + plan.cold() + " negotiations after the server started", false);
            stormTable(b, set);
            idleTable(b, set);
        }
        profiles(b);
        problems(b);
        b.append("\n## Other benchmarks\n\nThe JMH microbenchmarks (`benchmarks/src/main/java/dev/portcullis/benchmarks/jmh/`) and the "
                + "slowloris and one-domain runs (`LoadBench slowloris|portcullis-samefrom`) are not part of this command; "
                + "run them with `java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) org.openjdk.jmh.Main` "
                + "and `... dev.portcullis.benchmarks.LoadBench`.\n");
        return b.toString();
    }

    private List<CertSet> sets() {
        return results.stream().map(r -> r.set).distinct().toList();
    }

    private Optional<ColumnResult> find(CertSet set, Column c) {
        return results.stream().filter(r -> r.set == set && r.column == c).findFirst();
    }

    private static double steadyCpu(Optional<ColumnResult> r) {
        return r.filter(x -> x.notRun == null && x.steady != null).map(x -> x.steady.window().serverCpuPerNegotiation()).orElse(Double.NaN);
    }

    List<Verdict> verdicts() {
        List<Verdict> v = new ArrayList<>();
        for (CertSet set : sets()) {
            for (Column c : List.of(Column.PORTCULLIS_SUN, Column.PORTCULLIS_CONSCRYPT)) {
                Optional<ColumnResult> p = find(set, c);
                if (p.isEmpty()) {
                    continue;
                }
                String subject = set.label + ", " + c.label;
                if (p.get().notRun != null) {
                    v.add(new Verdict(Verdict.CPU, subject, "not run: " + logLine(p.get().notRun), null));
                    continue;
                }
                v.add(Verdict.cpu(subject, steadyCpu(p), steadyCpu(find(set, Column.PROSODY))));
                ColumnResult r = p.get();
                if (r.during != null) {
                    Verdict pv = Verdict.ping(subject, r.during.rtt().p99(), r.during.sent(), r.during.lost());
                    if (r.storm.run().attempted() < plan.storm()) {
                        pv = new Verdict(pv.target(), pv.subject(), pv.measured() + String.format(Locale.ROOT,
                                " (the storm was cut to %,d of %,d negotiations by the %d s cap)", r.storm.run().attempted(),
                                plan.storm(), plan.phaseMax().toSeconds()), pv.met());
                    }
                    v.add(pv);
                }
                if (!r.idle.isEmpty()) {
                    v.add(Verdict.rss(subject, r.idle.get(r.idle.size() - 1)));
                }
            }
        }
        for (ColumnResult r : results) {
            if (r.notRun == null) {
                v.add(Verdict.failures(r.set.label + ", " + r.column.label, r.attempted, r.failed));
            }
        }
        return v;
    }

    private void targets(StringBuilder b) {
        b.append("## Targets (issue 12)\n\n| target | subject | measured | verdict |\n|---|---|---|---|\n");
        List<Verdict> vs = verdicts();
        for (Verdict v : vs) {
            b.append("| ").append(v.target()).append(" | ").append(v.subject()).append(" | ").append(v.measured())
                    .append(" | ").append(v.word()).append(" |\n");
        }
        List<Verdict> unmet = vs.stream().filter(v -> Boolean.FALSE.equals(v.met())).toList();
        if (!unmet.isEmpty()) {
            b.append("\n### What limits each unmet target\n\n");
            for (Verdict v : unmet) {
                b.append("**").append(v.subject()).append(": ").append(v.target()).append(".** ")
                        .append(limits(v)).append("\n\n");
            }
        }
    }

    private Optional<ColumnResult> subject(Verdict v) {
        return results.stream().filter(r -> v.subject().equals(r.set.label + ", " + r.column.label)).findFirst();
    }

    private String limits(Verdict v) {
        ColumnResult r = subject(v).orElseThrow();
        switch (v.target()) {
            case Verdict.CPU: {
                double mine = r.steady.window().serverCpuPerNegotiation();
                double prosody = steadyCpu(find(r.set, Column.PROSODY));
                Column bareColumn = r.column == Column.PORTCULLIS_CONSCRYPT ? Column.BARE_CONSCRYPT : Column.BARE_SUN;
                double bare = steadyCpu(find(r.set, bareColumn));
                StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                        "Portcullis used %s ms of CPU per negotiation; the target is %s ms (half of Prosody's %s ms). ",
                        ms(mine), ms(prosody / 2), ms(prosody)));
                if (!Double.isNaN(bare)) {
                    s.append(String.format(Locale.ROOT, "In the same run the %s costs %s ms per TLS 1.3 handshake alone "
                                    + "(%.0f %% of Portcullis's figure)%s. ", bareColumn.label, ms(bare), 100 * bare / mine,
                            bare > prosody / 2 ? ", which is already over the target: on this provider no saving "
                                    + "outside the TLS handshake can meet it" : ""));
                }
                s.append(profileSentence("the steady-state JFR profile", r.steadyProfile));
                return s.toString();
            }
            case Verdict.PING: {
                StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                        "While %d negotiations ran at %d concurrently (%s/s), the %d links' ping p50 / p99 / max was "
                                + "%s / %s / %s ms (before the storm: %s / %s / %s ms), %d of %d pings lost. ",
                        r.storm.run().attempted(), plan.concurrency(), ms(r.storm.window().perSecond()), r.linksOk,
                        ms(r.during.rtt().p50()), ms(r.during.rtt().p99()), ms(r.during.rtt().max()),
                        ms(r.baseline.rtt().p50()), ms(r.baseline.rtt().p99()), ms(r.baseline.rtt().max()),
                        r.during.lost(), r.during.sent()));
                JfrProfile p = r.stormProfile;
                if (p != null && !p.threads().isEmpty()) {
                    JfrProfile.Share top = p.threads().get(0);
                    if (top.percent() >= 50) {
                        s.append(String.format(Locale.ROOT, "During the storm one thread, `%s`, ran %.0f %% of the "
                                        + "server's sampled Java CPU: work on one thread is serialised, so a link's ping "
                                        + "waits behind the handshake work queued on it before. ", top.name(), top.percent()));
                    } else {
                        s.append(String.format(Locale.ROOT, "The storm's samples are spread over threads (the busiest, "
                                        + "`%s`, ran %.0f %%); the server's CPU during the storm was %.2f cores and the "
                                        + "generator's %.2f of %d, load average %.1f, so a pong also waits for a free core. ",
                                top.name(), top.percent(), r.storm.window().serverCores(), r.storm.window().generatorCores(),
                                before.cores(), r.storm.loadAverage()));
                    }
                }
                s.append(profileSentence("the storm's JFR profile", p));
                return s.toString();
            }
            case Verdict.RSS: {
                IdleMemory m = r.idle.get(r.idle.size() - 1);
                String s = String.format(Locale.ROOT, "With %,d idle streams RSS grew by %s KiB per stream", m.streams(),
                        ms(m.rssPerStreamKiB()));
                if (!Double.isNaN(m.liveHeapPerStreamKiB())) {
                    s += String.format(Locale.ROOT, ", of which the live heap after a full GC (`jcmd GC.heap_info`) is %s KiB; "
                                    + "the other %s KiB per stream is heap the JVM has committed and not given back, "
                                    + "plus native memory (thread stacks, direct buffers). JFR samples CPU, not memory, "
                                    + "so this split comes from `jcmd`", ms(m.liveHeapPerStreamKiB()),
                            ms(m.rssPerStreamKiB() - m.liveHeapPerStreamKiB()));
                }
                return s + ".";
            }
            case Verdict.FAILURES:
                return r.failed + " of " + r.attempted + " negotiations failed; the first failures: "
                        + r.failures.stream().map(Report::logLine).collect(Collectors.joining("; ")) + ".";
            default:
                return "";
        }
    }

    private static String profileSentence(String what, JfrProfile p) {
        if (p == null || p.samples() == 0) {
            return "No JFR profile was recorded for it.";
        }
        return String.format(Locale.ROOT, "In %s (%d samples) the work was: %s. Hottest methods (self): %s.", what, p.samples(),
                p.categories().stream().limit(4).map(c -> String.format(Locale.ROOT, "%s %.0f %%", c.name(), c.percent()))
                        .collect(Collectors.joining(", ")),
                p.selfMethods().stream().limit(4).map(c -> String.format(Locale.ROOT, "`%s` %.0f %%", c.name(), c.percent()))
                        .collect(Collectors.joining(", ")));
    }

    private void method(StringBuilder b) {
        b.append("\n## Method\n\n");
        b.append(String.format(Locale.ROOT, """
                * **One run, side by side.** For each certificate set (every server and origin-domain certificate of the set \
                has that key type; the chains are signed by one ECDSA P-256 test CA) the columns run one after another \
                against the same generator, the same certificates and the same origin domains. Each server runs in its own \
                process: the reference host from the distribution (`bin/portcullis run`, the distribution's own JVM \
                options, `dev.portcullis.tls` `provider = sun` or `provider = conscrypt`; the provider in force is read \
                from the host's log, never assumed), Prosody with a BIND on loopback for its SRV lookups, and \
                `BareTlsServer` (a JVM doing only TLS 1.3 with a required client certificate, then echoing one byte).
                * **The generator** is this benchmark's JVM. A negotiation is, each time on a new TCP connection: stream \
                header, STARTTLS, TLS 1.3 with the origin domain's client certificate, stream restart, SASL EXTERNAL, \
                restart, one XEP-0199 ping and its pong (which the server sends on its own stream to the origin domain; \
                the generator's reply listener receives it). Latency is from TCP connect to the pong. The bare loop's \
                negotiation is TCP + TLS 1.3 handshake + one byte echoed. The generator's own CPU is measured like the \
                server's and shown next to it: where it used more CPU than the server, or both together filled the \
                cores, negotiations/s is marked as generator- or machine-bound and says little about the server.
                * **CPU** is utime + stime of the server's process from `/proc/<pid>/stat`, the delta over the phase, \
                divided by the negotiations that succeeded in it (the server's own outbound streams for the pongs \
                included; the steady pool's %d origin domains are reused, so in steady state those streams already exist).
                * **Cold:** the first %d negotiations after the server started (%d in flight). **Steady state:** after \
                %d s of continuous negotiations at %d in flight and at least %,d of them (so the JIT has compiled \
                the hot paths even on a loaded machine; at most %d s; the warm-up count is in the table), up to %d negotiations or %d s. Portcullis's steady state and storm are \
                recorded with JFR (`jcmd JFR.start settings=profile`, about 1-2 %% overhead).
                * **Storm:** %d links (each negotiated and pinged once) ping every %d ms, staggered; %d s of pings \
                without load, then %d new negotiations at %d in flight (no ping, each closed when negotiated). A ping \
                not answered %d s after the storm is lost.
                * **Idle streams:** a freshly started server; RSS (`VmRSS`) before, then with %s authenticated idle \
                streams held (no ping, so no outbound streams); per stream = growth / streams. For Portcullis also the \
                live heap after a full GC.
                * **Time caps:** no phase (cold, storm, each idle step) starts a new negotiation after %d s, so a loaded \
                machine shows fewer negotiations than planned (see "ok / attempted") instead of running for hours.
                """, plan.pool(), plan.cold(), plan.concurrency(), plan.warmUp().toSeconds(), plan.concurrency(),
                plan.warmUpMin(), plan.phaseMax().toSeconds(), plan.steady(), plan.steadyMax().toSeconds(), plan.links(), plan.pingInterval().toMillis(),
                plan.baseline().toSeconds(), plan.storm(), plan.concurrency(), Storm.GRACE.toSeconds(),
                plan.idleSteps().stream().map(i -> String.format("%,d", i)).collect(Collectors.joining(" and then ")),
                plan.phaseMax().toSeconds()));
    }

    private interface PhaseOf {
        ColumnResult.Phase of(ColumnResult r);
    }

    private void negotiationTable(StringBuilder b, CertSet set, String title, PhaseOf phase, String what, boolean warm) {
        b.append("\n## ").append(title).append(", ").append(set.label).append("\n\n").append(capitalise(what)).append(".\n\n");
        b.append("| column | provider in force | ok / attempted | negotiations/s | server CPU per negotiation (ms) | "
                + "generator CPU per negotiation (ms) | server / generator cores busy | latency p50 / p90 / p99 (ms) | "
                + "warm-up | load avg | note |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ColumnResult r : results) {
            if (r.set != set) {
                continue;
            }
            ColumnResult.Phase p = r.notRun == null ? phase.of(r) : null;
            if (p == null) {
                b.append("| ").append(r.column.label).append(" | – | – | – | – | – | – | – | – | – | not run: ")
                        .append(logLine(r.notRun)).append(" |\n");
                continue;
            }
            Window w = p.window();
            String bound = w.boundBy(before.cores(), p.loadAverage());
            b.append(String.format(Locale.ROOT, "| %s | %s | %d / %d | %.0f | **%s** | %s | %.2f / %.2f | %s | %s | %.1f | %s |%n",
                    r.column.label, r.providerInForce, p.run().ok(), p.run().attempted(), w.perSecond(),
                    ms(w.serverCpuPerNegotiation()), ms(w.generatorCpuPerNegotiation()), w.serverCores(),
                    w.generatorCores(), pct(latency(p)),
                    r.warm == null || !warm ? "–" : String.format(Locale.ROOT, "%,d in %.0f s", r.warm.ok(), r.warm.wallNanos() / 1e9),
                    p.loadAverage(), bound == null ? "" : bound));
        }
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private void stormTable(StringBuilder b, CertSet set) {
        b.append("\n## Established links during a storm, ").append(set.label).append("\n\n");
        b.append("| column | links | storm ok / attempted | storm negotiations/s | server / generator cores busy | "
                + "ping before: p50 / p99 / max (ms) | ping during: p50 / p99 / max (ms) | pings sent / lost during |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (ColumnResult r : results) {
            if (r.set != set || !r.column.xmpp()) {
                continue;
            }
            if (r.notRun != null || r.storm == null) {
                b.append("| ").append(r.column.label).append(" | – | – | – | – | – | – | ")
                        .append(r.notRun == null ? "not run" : "not run (see the steady-state table)").append(" |\n");
                continue;
            }
            b.append(String.format(Locale.ROOT, "| %s | %d / %d | %d / %d | %.0f | %.2f / %.2f | %s | %s | %d / %d |%n",
                    r.column.label, r.linksOk, plan.links(), r.storm.run().ok(), r.storm.run().attempted(),
                    r.storm.window().perSecond(), r.storm.window().serverCores(), r.storm.window().generatorCores(),
                    rtt(r.baseline), rtt(r.during), r.during.sent(), r.during.lost()));
        }
    }

    private static String rtt(Storm.Pings p) {
        return p.rtt().count() == 0 ? "–" : ms(p.rtt().p50()) + " / " + ms(p.rtt().p99()) + " / " + ms(p.rtt().max());
    }

    private void idleTable(StringBuilder b, CertSet set) {
        if (results.stream().noneMatch(r -> r.set == set && (!r.idle.isEmpty() || r.idleNote != null))) {
            return;
        }
        b.append("\n## Idle authenticated streams, ").append(set.label).append("\n\n");
        b.append("| column | streams held / asked | RSS after start (MiB) | RSS with the streams (MiB) | RSS per stream (KiB) | "
                + "live heap per stream (KiB) | note |\n|---|---|---|---|---|---|---|\n");
        for (ColumnResult r : results) {
            if (r.set != set || !r.column.xmpp()) {
                continue;
            }
            if (r.idle.isEmpty()) {
                b.append("| ").append(r.column.label).append(" | – | – | – | – | – | ")
                        .append(r.notRun != null ? "not run (see the steady-state table)" : logLine(r.idleNote)).append(" |\n");
                continue;
            }
            for (IdleMemory m : r.idle) {
                b.append(String.format(Locale.ROOT, "| %s | %,d / %,d | %.1f | %.1f | **%s** | %s | %s |%n", r.column.label,
                        m.streams(), m.requested(), m.baselineRssKiB() / 1024.0, m.rssKiB() / 1024.0,
                        ms(m.rssPerStreamKiB()), ms(m.liveHeapPerStreamKiB()), logLine(r.idleNote)));
            }
        }
    }

    private void profiles(StringBuilder b) {
        List<ColumnResult> profiled = results.stream().filter(r -> r.steadyProfile != null || r.stormProfile != null).toList();
        if (profiled.isEmpty()) {
            return;
        }
        b.append("\n## JFR profiles (server side, `jdk.ExecutionSample`)\n\n");
        for (ColumnResult r : profiled) {
            profile(b, r.set.label + ", " + r.column.label + ", steady state", r.steadyProfile);
            profile(b, r.set.label + ", " + r.column.label + ", storm", r.stormProfile);
        }
    }

    private static void profile(StringBuilder b, String title, JfrProfile p) {
        if (p == null) {
            return;
        }
        b.append("**").append(title).append("** (").append(p.samples()).append(" samples)\n\n");
        b.append("| threads | % | work | % | hottest methods (self) | % |\n|---|---|---|---|---|---|\n");
        int rows = Math.max(p.threads().size(), Math.max(p.categories().size(), Math.min(8, p.selfMethods().size())));
        for (int i = 0; i < Math.min(rows, 8); i++) {
            b.append("| ").append(cell(p.threads(), i)).append(" | ").append(cell(p.categories(), i)).append(" | ")
                    .append(cell(p.selfMethods(), i)).append(" |\n");
        }
        b.append('\n');
    }

    private static String cell(List<JfrProfile.Share> l, int i) {
        return i < l.size() ? "`" + logLine(l.get(i).name()) + "` | " + String.format(Locale.ROOT, "%.1f", l.get(i).percent()) : " | ";
    }

    private void problems(StringBuilder b) {
        List<ColumnResult> bad = results.stream().filter(r -> r.failed > 0 || r.notRun != null).toList();
        b.append("\n## Columns not run, and failed negotiations\n\n");
        if (bad.isEmpty()) {
            b.append("Every column ran; no negotiation failed.\n");
            return;
        }
        for (ColumnResult r : bad) {
            b.append("* ").append(r.set.label).append(", ").append(r.column.label).append(": ");
            if (r.notRun != null) {
                b.append("not run: ").append(logLine(r.notRun));
                if (r.providerEvidence != null) {
                    b.append(" (host log: ").append(logLine(r.providerEvidence)).append(")");
                }
            } else {
                b.append(r.failed).append(" of ").append(r.attempted).append(" negotiations failed, e.g. ")
                        .append(r.failures.stream().map(Report::logLine).collect(Collectors.joining("; ")));
            }
            b.append('\n');
        }
    }
}
