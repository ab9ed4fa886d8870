package dev.portcullis.benchmarks;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dialback.Dialback;
import dev.portcullis.api.dna.DomainVerifier;
import dev.portcullis.api.dna.Prooftype;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.api.store.SharedStore;
import dev.portcullis.dialback.DialbackComponent;
import dev.portcullis.dna.DomainVerifierComponent;
import dev.portcullis.dna.memory.CertificateMemoryComponent;
import dev.portcullis.dna.pkix.PkixProoftypeComponent;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.load.OriginDomains;
import dev.portcullis.testkit.postgres.PostgresServer;
import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;

/**
 * Issue 14's benchmark: cached {@code DomainVerifier.verify} and {@code Dialback.answerVerify} p50/p99 with local
 * files and with the PostgreSQL store (a real PostgreSQL started under target/), plus the one store round trip on the
 * dialback path, the shared replay check ({@code putIfAbsent}). Single thread, one call at a time.
 * {@code java -cp $CP dev.portcullis.benchmarks.StoreLatency [calls]} (RESULTS.md).
 */
public final class StoreLatency {
    private StoreLatency() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path dir = Files.createTempDirectory("portcullis-store-bench-");
        try (PostgresServer pg = PostgresServer.start(Path.of("target", "store-bench-pg"))) {
            SharedStore store = postgres(pg);
            for (boolean shared : new boolean[] {false, true}) {
                run(dir.resolve(shared ? "pg" : "local"), shared ? store : null, calls);
            }
            long[] t = new long[Math.min(calls, 5000)];
            for (int i = 0; i < t.length; i++) {
                long s = System.nanoTime();
                store.putIfAbsent("bench-replay", "k" + i, "stream\na\nb", Instant.now().plusSeconds(3600))
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
                t[i] = System.nanoTime() - s;
            }
            report("postgres", "shared replay check (putIfAbsent)", t);
            Method close = store.getClass().getDeclaredMethod("close");
            close.setAccessible(true);
            close.invoke(store);
        }
    }

    private static void run(Path dir, SharedStore store, int calls) throws Exception {
        Files.createDirectories(dir);
        String mode = store == null ? "local files" : "postgres";
        TestCa ca = TestCa.create("store bench CA");
        Path caFile = ca.writeCertificate(dir.resolve("ca.pem"));
        OriginDomains domains = new OriginDomains(ca, "peer", 2);
        IssuedCertificate peerCert = domains.certificate(domains.name(1));
        Map<String, Object> dna = Map.of("prooftypes", "pkix", "pkix.system-trust", "false", "pkix.trust-files",
                caFile.toString());
        PkixProoftypeComponent pkix = new PkixProoftypeComponent(dna);
        CertificateMemoryComponent memory = new CertificateMemoryComponent(dataArea(dir));
        DomainVerifierComponent verifier = new DomainVerifierComponent(dataArea(dir), dna, memory);
        Method add = DomainVerifierComponent.class.getDeclaredMethod("addProoftype", Prooftype.class, Map.class);
        add.setAccessible(true);
        add.invoke(verifier, pkix, Map.of("component.name", "pkix", "service.id", 1L));
        DialbackComponent dialback = new DialbackComponent(dataArea(dir), Map.of("secret", "a benchmark secret here"));
        if (store != null) {
            for (Object c : new Object[] {memory, verifier, dialback}) {
                Method bind = c.getClass().getDeclaredMethod("bindSharedStore", SharedStore.class);
                bind.setAccessible(true);
                bind.invoke(c, store);
            }
        }
        VerificationRequest request = new VerificationRequest(Direction.INBOUND, domains.name(1), domains.name(0),
                peerCert.chain(), null, null);
        DomainVerifier v = verifier;
        v.verify(request).toCompletableFuture().get(10, TimeUnit.SECONDS); // fills the cache
        Dialback d = dialback;
        String key = d.key("b.test", "a.test", "S1");
        for (int i = 0; i < calls; i++) { // warm-up
            v.verify(request).toCompletableFuture().get();
            d.answerVerify("b.test", "a.test", "S1", key);
        }
        long[] verify = new long[calls];
        long[] answer = new long[calls];
        for (int i = 0; i < calls; i++) {
            long s = System.nanoTime();
            v.verify(request).toCompletableFuture().get();
            long m = System.nanoTime();
            d.answerVerify("b.test", "a.test", "S1", key);
            answer[i] = System.nanoTime() - m;
            verify[i] = m - s;
        }
        report(mode, "cached DomainVerifier.verify", verify);
        report(mode, "Dialback.answerVerify", answer);
    }

    private static void report(String mode, String what, long[] nanos) {
        long[] t = nanos.clone();
        Arrays.sort(t);
        System.out.printf("%-12s %-36s n=%6d p50=%8.1f us p99=%8.1f us%n", mode, what, t.length,
                t[t.length / 2] / 1000.0, t[(int) (t.length * 0.99)] / 1000.0);
    }

    private static SharedStore postgres(PostgresServer pg) throws Exception {
        Class<?> settings = Class.forName("dev.portcullis.store.StoreSettings");
        Method parse = settings.getDeclaredMethod("parse", Map.class);
        parse.setAccessible(true);
        Object s = parse.invoke(null, Map.of("url", pg.jdbcUrl(), "user", PostgresServer.USER, "password-file",
                pg.passwordFile().toString()));
        Class<?> impl = Class.forName("dev.portcullis.store.PostgresStore");
        Constructor<?> c = impl.getDeclaredConstructor(settings, String.class, Clock.class);
        c.setAccessible(true);
        Object store = c.newInstance(s, "bench", Clock.systemUTC());
        Method start = impl.getDeclaredMethod("start");
        start.setAccessible(true);
        start.invoke(store);
        SharedStore shared = (SharedStore) store;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!shared.status().reachable() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        return shared;
    }

    private static BundleContext dataArea(Path dir) {
        return (BundleContext) Proxy.newProxyInstance(StoreLatency.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, a) -> {
                    if (method.getName().equals("getDataFile")) {
                        return new File(dir.toFile(), (String) a[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
