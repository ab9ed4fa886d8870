package dev.portcullis.benchmarks.jmh;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dialback.Dialback;
import dev.portcullis.api.dna.DomainVerifier;
import dev.portcullis.api.dna.Prooftype;
import dev.portcullis.api.dna.Verification;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.api.tls.LocalIdentity;
import dev.portcullis.api.tls.PolicyVerdict;
import dev.portcullis.api.tls.TlsContext;
import dev.portcullis.api.tls.TlsPolicy;
import dev.portcullis.dialback.DialbackComponent;
import dev.portcullis.dna.DomainVerifierComponent;
import dev.portcullis.dna.memory.CertificateMemoryComponent;
import dev.portcullis.dna.pkix.PkixProoftypeComponent;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.load.OriginDomains;
import dev.portcullis.tls.TlsPolicyComponent;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The security services' per-stream hot paths, through their public API interfaces ({@link TlsPolicy},
 * {@link DomainVerifier}, {@link Dialback}) on the real components (see {@link Components} for how they are
 * built outside OSGi): {@code TlsPolicy.review} of a real TLS 1.3 session with an ECDSA P-256 client
 * certificate, {@code DomainVerifier.verify} answered from its evidence cache (PKIX, the second and later
 * verification of the same peer certificate), and the XEP-0185 dialback key (HMAC-SHA256).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SecurityBench {
    private TlsPolicy policy;
    private SSLSession session;
    private TlsContext inbound;
    private DomainVerifier verifier;
    private VerificationRequest request;
    private Dialback dialback;
    private PkixProoftypeComponent pkix;
    private DialbackComponent dialbackComponent;

    @Setup
    public void setup() throws Exception {
        Path dir = Files.createTempDirectory("portcullis-jmh-");
        TestCa ca = TestCa.create("JMH CA");
        Path caFile = ca.writeCertificate(dir.resolve("ca.pem"));
        OriginDomains domains = new OriginDomains(ca, "peer", 2);
        String local = domains.name(0);
        String peer = domains.name(1);
        IssuedCertificate localCert = domains.certificate(local);
        IssuedCertificate peerCert = domains.certificate(peer);

        policy = new TlsPolicyComponent(Map.of());
        inbound = new TlsContext(Direction.INBOUND, local, peer,
                List.of(new LocalIdentity(local, localCert.keyPair().getPrivate(), localCert.chain())), "127.0.0.1", 5269);
        session = handshake(domains, local, peer);

        pkix = new PkixProoftypeComponent(Map.of("prooftypes", "pkix", "pkix.system-trust", "false",
                "pkix.trust-files", caFile.toString()));
        DomainVerifierComponent v = new DomainVerifierComponent(Components.dataArea(dir), Map.of("prooftypes", "pkix", "pkix.system-trust", "false",
                "pkix.trust-files", caFile.toString()), new CertificateMemoryComponent(Components.dataArea(dir)));
        Method add = DomainVerifierComponent.class.getDeclaredMethod("addProoftype", Prooftype.class, Map.class);
        add.setAccessible(true);
        add.invoke(v, pkix, Map.of("component.name", "pkix", "service.id", 1L));
        verifier = v;
        request = new VerificationRequest(Direction.INBOUND, peer, local, peerCert.chain(), null, null);
        Verification first = verifier.verify(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (first == null) {
            throw new IllegalStateException("no verification");
        }
        System.err.println("verifier outcome for the benchmark certificate: " + first.outcome());

        dialbackComponent = new DialbackComponent(Components.dataArea(dir), Map.of());
        dialback = dialbackComponent;
    }

    /** A real TLS 1.3 handshake on loopback; returns the server side's session (what the host reviews inbound). */
    private static SSLSession handshake(OriginDomains domains, String local, String peer) throws Exception {
        try (SSLServerSocket ss = (SSLServerSocket) domains.context(local).getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ss.setNeedClientAuth(true);
            CompletableFuture<SSLSession> server = CompletableFuture.supplyAsync(() -> {
                try {
                    SSLSocket s = (SSLSocket) ss.accept();
                    s.startHandshake();
                    return s.getSession();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            SSLSocket c = (SSLSocket) domains.context(peer).getSocketFactory().createSocket(ss.getInetAddress(), ss.getLocalPort());
            c.startHandshake();
            return server.get(10, TimeUnit.SECONDS);
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        for (Object o : new Object[] {verifier, pkix, dialbackComponent}) {
            try {
                Method d = o.getClass().getDeclaredMethod("deactivate");
                d.setAccessible(true);
                d.invoke(o);
            } catch (NoSuchMethodException e) {
                // nothing to stop
            }
        }
    }

    @Benchmark
    public PolicyVerdict tlsPolicyReview() {
        return policy.review(session, inbound);
    }

    @Benchmark
    public Verification cachedDomainVerify() throws Exception {
        return verifier.verify(request).toCompletableFuture().get();
    }

    @Benchmark
    public String xep0185Key() {
        return dialback.key("b.test", "a.test", "D60000229F");
    }
}
