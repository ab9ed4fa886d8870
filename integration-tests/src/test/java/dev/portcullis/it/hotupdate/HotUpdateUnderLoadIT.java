package dev.portcullis.it.hotupdate;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.host.PortcullisHome;
import dev.portcullis.testkit.load.Churn;
import dev.portcullis.testkit.load.InitiatingStream;
import dev.portcullis.testkit.load.LoadException;
import dev.portcullis.testkit.load.LoadGenerator;
import dev.portcullis.testkit.load.NegotiationRun;
import dev.portcullis.testkit.load.OriginDomains;
import dev.portcullis.testkit.load.Percentiles;
import dev.portcullis.testkit.load.ProcessStats;
import dev.portcullis.testkit.load.ReplyServer;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot update under load (docs/ARCHITECTURE.md, "Runtime, configuration and hot update"), in the real distribution's Felix: the reference
 * host holds 200 authenticated s2s streams (STARTTLS, TLS 1.3 with client certificates, SASL EXTERNAL per
 * XEP-0178) while new negotiations keep arriving, and over 20 cycles the tls-policy, dna-verifier and dialback
 * jars in {@code plugins/} are replaced with newer builds, each bundle's {@code .cfg} is edited, and a bundle
 * is removed and restored. No established stream drops; every started negotiation completes or is refused with
 * the retryable {@code <reset/>} (RFC 6120 §4.9.3.16), none hangs; a new negotiation uses the new bundle or
 * config within 2 s; the certificate memory and the verification cache survive; threads, file descriptors and bundle class loaders do not
 * grow with the cycles.
 */
class HotUpdateUnderLoadIT {
    static final String OURS = "a.test";
    static final int HELD = 200;
    static final int CYCLES = 20;
    static final Duration NEGOTIATION = Duration.ofSeconds(20);
    static final Duration SERVICE_WAIT = Duration.ofSeconds(20);
    /** From writing a jar or .cfg to a completed new negotiation that uses it (FileInstall polls every 500 ms). */
    static final long TAKES_EFFECT_MILLIS = 2000;
    /** Leak tolerances after 20 cycles, against the figures after cycle 1 (when lazily started pools exist). */
    static final int THREAD_TOLERANCE = 8;
    static final int FD_TOLERANCE = 16;
    static final int CLASSLOADER_TOLERANCE = 3;

    @TempDir
    Path work;

    private PortcullisHome host;
    private InetSocketAddress address;
    private OriginDomains probes;
    private long pid;

    @Test
    void replacingEditingAndRemovingSecurityBundlesKeepsAllEstablishedStreamsAndRefusesOnlyWithReset() throws Exception {
        TestCa ca = TestCa.create("HotUpdate CA");
        Path caFile = ca.writeCertificate(work.resolve("ca.pem"));
        OriginDomains held = new OriginDomains(ca, "held", HELD);
        OriginDomains churnDomains = new OriginDomains(ca, "churn", 12);
        probes = new OriginDomains(ca, "probe", 1);
        try (ReplyServer replies = new ReplyServer(held)) {
            host = startHost(held, replies, caFile);
            try {
                run(held, churnDomains, replies);
            } finally {
                host.close();
            }
        }
    }

    private void run(OriginDomains held, OriginDomains churnDomains, ReplyServer replies) throws Exception {
        LoadGenerator gen = new LoadGenerator(address, OURS, held, replies);
        NegotiationRun opened = gen.negotiate(HELD, 20, NEGOTIATION);
        assertEquals(HELD, opened.succeeded(), () -> "could not open the held streams: " + opened);
        Percentiles firstPing = gen.pingAll(Duration.ofSeconds(30));
        assertEquals(HELD, firstPing.count(), "every held stream answers a ping before the updates");
        String memoryBefore = certificateChangeOfNewStream();

        Path plugins = host.plugins();
        Map<String, Path> originals = new HashMap<>();
        for (String b : List.of("portcullis-tls-policy", "portcullis-dna-verifier", "portcullis-dialback")) {
            Path jar = BundleJars.find(plugins, b);
            originals.put(b, Files.copy(jar, work.resolve(jar.getFileName())));
        }

        List<Executable> checks = new ArrayList<>();
        ProcessStats baseline = null;
        int baselineLoaders = 0;
        List<String> timings = new ArrayList<>();
        try (Churn churn = gen.churn(churnDomains, 2, NEGOTIATION)) {
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                long took = cycle(cycle, originals);
                timings.add("cycle " + cycle + ": " + took + " ms");
                if (cycle == 1) {
                    baseline = ProcessStats.of(pid);
                    baselineLoaders = bundleClassLoaders();
                }
                if (cycle % 7 == 2) {
                    // after a dna-verifier update: the memory (bundle data area) still knows the probe certificate
                    String verdict = certificateChangeOfNewStream();
                    int c = cycle;
                    checks.add(() -> assertEquals("UNCHANGED", verdict,
                            "the certificate memory was lost by the dna-verifier update in cycle " + c));
                }
            }
            Thread.sleep(1000);
            churn.close();
            List<Churn.Outcome> outcomes = churn.outcomes();
            long completed = outcomes.stream().filter(o -> o.kind() == Churn.Kind.COMPLETED).count();
            List<Churn.Outcome> bad = outcomes.stream()
                    .filter(o -> o.kind() == Churn.Kind.HUNG || o.kind() == Churn.Kind.REFUSED).toList();
            System.out.printf("churn: %d negotiations, %d completed, %d reset, %d refused otherwise, %d hung%n",
                    outcomes.size(), completed, outcomes.stream().filter(o -> o.kind() == Churn.Kind.RESET).count(),
                    outcomes.stream().filter(o -> o.kind() == Churn.Kind.REFUSED).count(),
                    outcomes.stream().filter(o -> o.kind() == Churn.Kind.HUNG).count());
            // checked at the end with the others, so one run reports every problem
            checks.add(() -> assertTrue(bad.isEmpty(), () -> bad.size() + " negotiation(s) hung or were refused "
                    + "without <reset/>, e.g. " + bad.subList(0, Math.min(3, bad.size()))));
            checks.add(() -> assertTrue(completed > CYCLES, "new negotiations kept completing during the updates: " + completed));
        }

        int dropped = gen.countClosedByServer();
        checks.add(() -> assertEquals(0, dropped, "established streams were dropped during the updates"));
        Percentiles lastPing = gen.pingAll(Duration.ofSeconds(30));
        checks.add(() -> assertEquals(HELD, lastPing.count(), "every held stream still answers a ping after " + CYCLES + " cycles"));
        String streams = host.admin("portcullis:streams --json");
        int inbound = count(streams, "\"direction\"\\s*:\\s*\"INBOUND\"");
        checks.add(() -> assertTrue(inbound >= HELD, "the host lists " + inbound + " inbound streams, expected the " + HELD + " held ones"));

        Thread.sleep(2000); // let the last churn connections close on the host's side
        ProcessStats end = ProcessStats.of(pid);
        int endLoaders = bundleClassLoaders();
        System.out.println("hot update timings: " + timings);
        System.out.println("after cycle 1: " + baseline + ", bundle class loaders " + baselineLoaders);
        System.out.println("after cycle " + CYCLES + ": " + end + ", bundle class loaders " + endLoaders);
        System.out.println("certificate memory before the updates: " + memoryBefore);
        ProcessStats first = baseline;
        int firstLoaders = baselineLoaders;
        checks.add(() -> assertTrue(end.threads() <= first.threads() + THREAD_TOLERANCE,
                "thread leak: " + first.threads() + " threads after cycle 1, " + end.threads() + " after " + CYCLES));
        checks.add(() -> assertTrue(end.fds() <= first.fds() + FD_TOLERANCE,
                "file descriptor leak: " + first.fds() + " after cycle 1, " + end.fds() + " after " + CYCLES));
        checks.add(() -> assertTrue(endLoaders <= firstLoaders + CLASSLOADER_TOLERANCE,
                "class loader leak: " + firstLoaders + " bundle class loaders after cycle 1, " + endLoaders
                        + " after " + CYCLES + " (after a full GC)"));
        gen.closeAll();
        assertAll("hot update under load", checks);
    }

    /**
     * One update cycle; returns how long after the file was written a new negotiation using it completed. The kinds
     * rotate: replace tls-policy, dna-verifier, dialback; edit their .cfg; remove and restore tls-policy or dialback.
     */
    private long cycle(int cycle, Map<String, Path> originals) throws Exception {
        long mark = host.logPosition();
        long written = System.nanoTime(); // when the file change was made (for remove/restore: the restore)
        switch (cycle % 7) {
            case 1 -> written = replace(cycle, originals.get("portcullis-tls-policy"), mark, "TLS policy service (replaced|bound)");
            case 2 -> {
                written = replace(cycle, originals.get("portcullis-dna-verifier"), mark, "domain verifier service (replaced|bound)");
                if (cycle == 2) {
                    // the held streams' evidence was cached under the initial configuration: it survives the update
                    host.awaitLogSince(mark, "Restored [1-9]\\d* cached verification", SERVICE_WAIT);
                }
            }
            case 3 -> written = replace(cycle, originals.get("portcullis-dialback"), mark, "dialback service (replaced|bound)");
            case 4 -> {
                host.config("dev.portcullis.tls", Map.of("session-timeout", Integer.toString(3600 + cycle)));
                host.awaitLogSince(mark, "TLS policy in force: .*session lifetime " + (3600 + cycle) + " s", SERVICE_WAIT);
            }
            case 5 -> {
                host.config("dev.portcullis.dna", dnaConfig(15000 + cycle));
                host.awaitLogSince(mark, "Domain verification with prooftypes", SERVICE_WAIT);
            }
            case 6 -> {
                host.config("dev.portcullis.dialback", Map.of("verify.timeout", "PT" + (20 + cycle) + "S"));
                host.awaitLogSince(mark, "Dialback configuration applied", SERVICE_WAIT);
            }
            default -> {
                boolean tls = (cycle / 7) % 2 == 0;
                Path jar = originals.get(tls ? "portcullis-tls-policy" : "portcullis-dialback");
                host.removePlugin(jar.getFileName().toString());
                host.awaitLogSince(mark, (tls ? "TLS policy" : "dialback") + " service went away", SERVICE_WAIT);
                if (tls) {
                    // RFC 6120 §4.9.3.16: while the policy is absent a new negotiation is refused, retryably
                    try (InitiatingStream s = probe()) {
                        throw new AssertionError("a negotiation completed without the TLS policy bundle");
                    } catch (LoadException e) {
                        assertTrue(e.isReset(), "refused without <reset/>: " + e.getMessage());
                    }
                }
                mark = host.logPosition();
                written = System.nanoTime();
                host.deployPlugin(jar);
                host.awaitLogSince(mark, (tls ? "TLS policy" : "dialback") + " service (replaced|bound)", SERVICE_WAIT);
            }
        }
        // the change is active (logged, and for jars the new version is Active in lb): the next negotiation uses it
        try (InitiatingStream s = probe()) {
            long took = (System.nanoTime() - written) / 1_000_000;
            assertTrue(took <= TAKES_EFFECT_MILLIS, "cycle " + cycle + ": a new negotiation using the change completed "
                    + took + " ms after the file was written (limit " + TAKES_EFFECT_MILLIS + " ms; FileInstall polls "
                    + "every 500 ms)");
            return took;
        }
    }

    /**
     * Replaces a bundle jar with a copy of a higher version; returns when the new file was put in plugins/. The
     * copy is built first (re-packing the tls-policy jar with Conscrypt's native libraries takes seconds), so that
     * time is not counted as the host's.
     */
    private long replace(int cycle, Path original, long mark, String boundLine) throws IOException {
        String version = BundleJars.bumped(BundleJars.version(original), cycle);
        Path newer = BundleJars.withVersion(original, version,
                work.resolve("u" + cycle + "-" + original.getFileName()));
        long written = System.nanoTime();
        host.replacePlugin(newer);
        host.awaitLogSince(mark, boundLine, SERVICE_WAIT);
        String bsn = "dev.portcullis." + original.getFileName().toString().replaceFirst("^portcullis-", "")
                .replaceFirst("-\\d.*$", "");
        String lb = host.admin("lb -s");
        Matcher m = Pattern.compile("(?m)^\\s*\\d+\\|Active\\s*\\|\\s*\\d+\\|" + Pattern.quote(bsn) + " \\(([^)]*)\\)").matcher(lb);
        assertTrue(m.find() && m.group(1).equals(version), () -> bsn + " is not Active at " + version + ":\n" + lb);
        return written;
    }

    private InitiatingStream probe() throws IOException {
        return InitiatingStream.open(address, probes.name(0), OURS, probes, NEGOTIATION.toMillis());
    }

    /** Opens a stream from the probe domain, reads its certificate-memory verdict from the host, closes it. */
    private String certificateChangeOfNewStream() throws Exception {
        try (InitiatingStream s = probe()) {
            String json = host.admin("portcullis:streams --json");
            Matcher m = Pattern.compile("\"peerDomain\"\\s*:\\s*\"" + Pattern.quote(probes.name(0))
                    + "\"[^{}]*?\"certificateChange\"\\s*:\\s*\\{[^}]*?\"kind\"\\s*:\\s*\"(\\w+)\"").matcher(json);
            String last = "NONE";
            while (m.find()) {
                last = m.group(1);
            }
            return last;
        }
    }

    private int bundleClassLoaders() throws Exception {
        jcmd("GC.run");
        String stats = jcmd("VM.classloader_stats");
        return count(stats, "BundleWiringImpl\\$BundleClassLoader");
    }

    private String jcmd(String command) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, "jcmd " + command + ": " + out);
        return out;
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private Map<String, String> dnaConfig(int verifyTimeoutMs) {
        return Map.of("prooftypes", "pkix", "pkix.system-trust", "false",
                "pkix.trust-files", work.resolve("ca.pem").toString(),
                "dns.servers", "127.0.0.1:" + deadDnsPort, "verify.timeout-ms", Integer.toString(verifyTimeoutMs));
    }

    private int deadDnsPort;

    private PortcullisHome startHost(OriginDomains held, ReplyServer replies, Path caFile) {
        int port = ProsodyServer.freePort("127.0.0.1");
        deadDnsPort = ProsodyServer.freePort("127.0.0.1");
        address = new InetSocketAddress("127.0.0.1", port);
        PortcullisHome h = PortcullisHome.create("hotupdate");
        StringBuilder routes = new StringBuilder();
        for (String d : held.names()) {
            routes.append(routes.length() == 0 ? "" : ",").append(d).append("=127.0.0.1:").append(replies.port());
        }
        h.config("dev.portcullis.server", Map.of("listen", "127.0.0.1:" + port, "routes", routes.toString()));
        h.config("dev.portcullis.dna", dnaConfig(15000));
        h.domain(OURS, held.ca().issue(OURS).dnsName(OURS).xmppAddr(OURS).build());
        h.start();
        h.awaitLog("listening on xmpp://" + Pattern.quote("127.0.0.1:" + port), Duration.ofSeconds(60));
        pid = ProcessStats.findDescendant(h.dir().toString())
                .orElseThrow(() -> new IllegalStateException("cannot find the host process of " + h.dir()));
        return h;
    }
}
