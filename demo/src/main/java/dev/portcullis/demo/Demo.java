package dev.portcullis.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.stream.Stream;

/**
 * {@code ./portcullis demo}: two real Portcullis hosts on loopback, a demo CA, a DNSSEC-signed zone and a POSH
 * server, all generated at start, and seven short scenes, each judged PASS or FAIL from what the hosts report
 * (RFC 7590 §3.6). Exit status 0 when every scene passes, 1 when one fails, 2 when the demo cannot run.
 *
 * <pre>
 *   java -cp 'demo/target/portcullis-demo.jar:demo/target/lib/*' dev.portcullis.demo.Demo --dist DIR
 *        [--scenes 1,3,7] [--keep]
 * </pre>
 */
public final class Demo {
    private final PrintStream out;
    private final Path dist;
    private final Set<Integer> only;
    private final boolean keep;
    private volatile boolean aborted;

    private Demo(PrintStream out, Path dist, Set<Integer> only, boolean keep) {
        this.out = out;
        this.dist = dist;
        this.only = only;
        this.keep = keep;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        Path dist = null;
        Set<Integer> only = new LinkedHashSet<>();
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dist" -> {
                    if (i + 1 >= args.length) {
                        return usage(out, "--dist needs the distribution folder");
                    }
                    dist = Path.of(args[++i]).toAbsolutePath().normalize();
                }
                case "--scenes" -> {
                    if (i + 1 >= args.length) {
                        return usage(out, "--scenes needs scene numbers, e.g. 1,3");
                    }
                    try {
                        for (String n : args[++i].split(",")) {
                            only.add(Integer.parseInt(n.trim()));
                        }
                    } catch (NumberFormatException e) {
                        return usage(out, "--scenes takes numbers 1 to " + Scenes.all().size() + ", e.g. 1,3");
                    }
                }
                case "--keep" -> keep = true;
                case "-h", "--help" -> {
                    usage(out, null);
                    return 0;
                }
                default -> {
                    return usage(out, "unknown argument '" + args[i] + "'");
                }
            }
        }
        if (dist == null) {
            return usage(out, "give the distribution with --dist (./portcullis demo does)");
        }
        if (!Files.isExecutable(dist.resolve("bin/portcullis"))) {
            out.println("portcullis demo: no Portcullis distribution at " + dist + " (no bin/portcullis).");
            out.println("Build it first: mvn -B -DskipTests install");
            return 2;
        }
        // the hosts run on the Java that runs the demo (PortcullisHome sets their JAVA_HOME to java.home)
        return new Demo(out, dist, only, keep).play();
    }

    private static int usage(PrintStream out, String problem) {
        if (problem != null) {
            out.println("portcullis demo: " + problem);
        }
        out.println("Usage: portcullis demo [--scenes 1,3,7] [--keep]");
        out.println("       (java -cp 'demo/target/portcullis-demo.jar:demo/target/lib/*' dev.portcullis.demo.Demo --dist DIR ...)");
        return problem == null ? 0 : 2;
    }

    private int play() {
        long t0 = System.nanoTime();
        Path dir;
        try {
            dir = Files.createTempDirectory("portcullis-demo-");
        } catch (IOException e) {
            out.println("portcullis demo: cannot create a working folder: " + e.getMessage());
            return 2;
        }
        DemoLog log = new DemoLog(dir.resolve("demo.log"), Clock.systemUTC());
        routeLibraryLogging(log);
        out.println("Portcullis demo: federation security between two real hosts, on loopback only.");
        out.println("Details go to " + log.file());
        out.println();
        List<Scene> scenes = Scenes.all();
        int passed = 0;
        int played = 0;
        List<String> failed = new ArrayList<>();
        Thread cleanup = null;
        try (DemoLab lab = new DemoLab(dir, dist, log)) {
            // Ctrl-C or a kill must not leave the two hosts running
            cleanup = new Thread(() -> {
                aborted = true;
                out.println();
                out.println("Interrupted: stopping the two hosts.");
                lab.close();
            }, "demo-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            out.print("Setting up: demo CA, DNSSEC-signed zone, POSH server, two hosts ... ");
            out.flush();
            try {
                lab.startServices();
                lab.startHosts();
            } catch (Exception e) {
                out.println("FAILED");
                out.println("  " + oneLine(e));
                out.println("  See " + log.file());
                log.error("setup failed", e);
                return 2;
            }
            out.printf("done (%.1f s)%n", seconds(t0));
            printSetting(lab);
            for (int i = 0; i < scenes.size(); i++) {
                if (aborted) {
                    return 130;
                }
                if (!only.isEmpty() && !only.contains(i + 1)) {
                    continue;
                }
                played++;
                if (playScene(i + 1, scenes.size(), scenes.get(i), lab, log)) {
                    passed++;
                } else {
                    failed.add(String.valueOf(i + 1));
                }
            }
        } catch (Exception e) {
            out.println("portcullis demo: " + oneLine(e));
            log.error("demo failed", e);
            return 2;
        } finally {
            if (cleanup != null && !aborted) {
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or ran: nothing left to undo
                }
            }
            if (!keep) {
                deleteCaches(dir);
            }
        }
        out.println();
        out.printf("%d of %d scenes passed%s in %.0f s. Details: %s%n", passed, played,
                failed.isEmpty() ? "" : " (failed: " + String.join(", ", failed) + ")", seconds(t0), log.file());
        log.close();
        return passed == played ? 0 : 1;
    }

    private void printSetting(DemoLab lab) {
        String row = "  %-8s %-48s %-17s %s%n";
        out.printf(row, "host A", DemoLab.A, "127.0.0.1:" + lab.portA, lab.hostA.home());
        out.printf(row, "host B", String.join(" ", DemoLab.domainsOfB()), "127.0.0.1:" + lab.portB, lab.hostB.home());
        out.printf(row, "DNS", "test. signed, ECDSA P-256 key tag " + lab.zone.dnskey().getFootprint(),
                "127.0.0.1:" + lab.dns.address().getPort(), "trust anchor " + lab.trustAnchors);
        out.printf(row, "POSH", "https://posh.test, https://hosting.test", "127.0.0.1:" + lab.posh.port(), "");
    }

    private boolean playScene(int n, int total, Scene scene, DemoLab lab, DemoLog log) {
        out.println();
        out.println("[" + n + "/" + total + "] " + scene.title());
        for (String line : wrap(scene.explanation(), 96)) {
            out.println("      " + line);
        }
        log.line("=== scene " + n + ": " + scene.title());
        long t = System.nanoTime();
        SceneResult r;
        try {
            r = scene.play(lab);
        } catch (Exception e) {
            log.error("scene " + n + " stopped", e);
            r = new SceneResult().check(false, "the scene ran to its end", oneLine(e) + " (stack trace in the log)");
        }
        if (!r.tableCaption().isEmpty()) {
            out.println();
            out.println("    Streams on " + r.tableCaption() + ":");
            out.print(StreamTable.render(r.rows()).replaceAll("(?m)^", "  "));
        }
        out.println();
        for (SceneResult.Check c : r.checks()) {
            out.println("    " + (c.ok() ? "[ok] " : "[!!] ") + c.expectation());
            if (!c.ok() && c.detail() != null) {
                for (String line : wrap("seen: " + LogLines.shortenFingerprints(c.detail()), 90)) {
                    out.println("           " + line);
                }
            }
            log.line("scene " + n + (c.ok() ? " ok: " : " FAILED: ") + c.expectation()
                    + (c.ok() ? "" : " -- seen: " + c.detail()));
        }
        for (String note : r.notes()) {
            for (String line : wrap(note, 92)) {
                out.println("      " + line);
            }
        }
        String verdict = r.passed() ? "PASS" : "FAIL";
        out.printf("    %s  (%.1f s)%n", verdict, seconds(t));
        log.line("scene " + n + ": " + verdict);
        return r.passed();
    }

    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        return (m == null || m.isBlank() ? e.getClass().getSimpleName() : m).replaceAll("\\s+", " ");
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** Libraries that log through java.util.logging write to the demo log, never to the console. */
    private static void routeLibraryLogging(DemoLog log) {
        LogManager.getLogManager().reset();
        java.util.logging.Logger.getLogger("").addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                log.line("jul " + record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    /** The hosts' bundle caches and plugin links are of no use afterwards; logs and configuration stay. */
    private static void deleteCaches(Path dir) {
        for (String folder : List.of("a/data/felix-cache", "b/data/felix-cache", "a/plugins", "b/plugins")) {
            Path cache = dir.resolve(folder);
            if (!Files.exists(cache)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(cache)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // a leftover cache in a temp folder harms nothing
            }
        }
    }
}
