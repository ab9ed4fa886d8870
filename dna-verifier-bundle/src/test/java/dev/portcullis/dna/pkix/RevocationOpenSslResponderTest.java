package dev.portcullis.dna.pkix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.dna.DnaSettings.RevocationPolicy;
import dev.portcullis.dna.core.pkix.ChainValidator;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.ocsp.OpenSslOcspResponder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocation checking (RFC 6120 §13.7.2 step 5, RFC 5280 §6.3) against a real OCSP responder, {@code openssl
 * ocsp -index … -port …} on loopback, whose URL the test certificates carry in their AIA extension (RFC 6960).
 */
class RevocationOpenSslResponderTest {
    private static final TestCa CA = TestCa.create("Revocation responder test CA");
    private static OpenSslOcspResponder responder;
    private static IssuedCertificate good;
    private static IssuedCertificate revoked;
    private static TrustStore trust;

    private final MutableClock clock = new MutableClock(Instant.now());

    @TempDir
    Path dir;

    @BeforeAll
    static void startResponder(@TempDir Path shared) throws Exception {
        responder = new OpenSslOcspResponder(shared.resolve("ocsp"), CA);
        good = CA.issue("good.test").dnsName("good.test").ocspUrl(responder.url()).build();
        revoked = CA.issue("revoked.test").dnsName("revoked.test").ocspUrl(responder.url()).build();
        responder.good(good.certificate()).revoked(revoked.certificate()).start();
        trust = TrustStore.load(false, List.of(CA.writeCertificate(shared.resolve("ca.pem"))));
    }

    @AfterAll
    static void stopResponder() throws Exception {
        responder.close();
    }

    private ProofResult prove(RevocationPolicy policy, RevocationCache cache, IssuedCertificate cert, byte[] staple) {
        String domain = cert.certificate().getSubjectX500Principal().getName().substring(3);
        return SyncPkix.fetching(trust, policy, cache, clock).prove(new VerificationRequest(Direction.OUTBOUND, domain,
                "local.test", cert.chain(), null, staple));
    }

    private ProofResult prove(RevocationPolicy policy, IssuedCertificate cert) {
        return prove(policy, new RevocationCache(clock, 100), cert, null);
    }

    private static String closedPortUrl() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort() + "/";
        }
    }

    @Test
    @DisplayName("RFC 6960 §2.2: the responder answers good, so the proof stands until the answer's nextUpdate")
    void fetchedGoodResponseProvesRfc6960Section22() {
        ProofResult r = prove(RevocationPolicy.SOFT_FAIL, good);
        assertEquals(ProofStatus.PROVEN, r.status(), r.reason());
        assertTrue(r.reason().endsWith("; not revoked according to the OCSP responder " + responder.url()), r.reason());
        assertNotNull(r.validUntil());
        assertTrue(r.validUntil().isBefore(clock.instant().plus(Duration.ofMinutes(11))), "validUntil " + r.validUntil()
                + " must not outlast the response's nextUpdate (10 minutes)");
    }

    @Test
    @DisplayName("RFC 6960 §2.2, RFC 5280 §6.3: the responder answers revoked, so the certificate is refused")
    void fetchedRevokedResponseRefusesRfc6960Section22() {
        for (RevocationPolicy policy : List.of(RevocationPolicy.SOFT_FAIL, RevocationPolicy.HARD_FAIL)) {
            ProofResult r = prove(policy, revoked);
            assertEquals(ProofStatus.DISPROVEN, r.status(), r.reason());
            assertEquals("RFC 6960 §2.2, RFC 5280 §6.3", r.specSection());
            assertTrue(r.reason().startsWith("the certificate of revoked.test is revoked since "), r.reason());
            assertTrue(r.reason().contains("(reason: KEY_COMPROMISE) according to the OCSP responder "
                    + responder.url()), r.reason());
        }
    }

    @Test
    @DisplayName("RFC 5280 §6.3: responder down — soft-fail accepts as 'revocation unknown', hard-fail refuses")
    void unreachableResponderSoftFailsOrHardFailsRfc5280Section63() throws Exception {
        String down = closedPortUrl();
        IssuedCertificate cert = CA.issue("down.test").dnsName("down.test").ocspUrl(down).build();
        ProofResult soft = prove(RevocationPolicy.SOFT_FAIL, cert);
        assertEquals(ProofStatus.PROVEN, soft.status(), soft.reason());
        assertTrue(soft.reason().contains("; revocation unknown: POST " + down + " failed"), soft.reason());
        assertNull(soft.validUntil(), "an unanswered fetch must be retried, not cached");
        ProofResult hard = prove(RevocationPolicy.HARD_FAIL, cert);
        assertEquals(ProofStatus.DISPROVEN, hard.status(), hard.reason());
        assertEquals("RFC 5280 §6.3", hard.specSection());
    }

    @Test
    @DisplayName("RFC 5280 §6.3: a certificate naming no responder and no CRL — soft-fail accepts it (cacheable), hard-fail refuses")
    void aCertificateNamingNoResponderIsUnknownRfc5280Section63() {
        IssuedCertificate silent = CA.issue("silent.test").dnsName("silent.test").build();
        ProofResult soft = prove(RevocationPolicy.SOFT_FAIL, silent);
        assertEquals(ProofStatus.PROVEN, soft.status(), soft.reason());
        assertTrue(soft.reason().endsWith("; revocation unknown: the certificate names no OCSP responder and no CRL "
                + "distribution point (RFC 5280 §4.2.2.1, §4.2.1.13)"), soft.reason());
        assertEquals(silent.certificate().getNotAfter().toInstant(), soft.validUntil(),
                "asking again cannot help, so the finding lasts as long as the certificate");
        ProofResult hard = prove(RevocationPolicy.HARD_FAIL, silent);
        assertEquals(ProofStatus.DISPROVEN, hard.status(), hard.reason());
    }

    @Test
    @DisplayName("RFC 6960 §2.2: a serial the responder does not know is 'unknown', never good")
    void unknownSerialIsNotGoodRfc6960Section22() {
        IssuedCertificate stranger = CA.issue("stranger.test").dnsName("stranger.test").ocspUrl(responder.url()).build();
        ProofResult hard = prove(RevocationPolicy.HARD_FAIL, stranger);
        assertEquals(ProofStatus.DISPROVEN, hard.status(), hard.reason());
        ProofResult soft = prove(RevocationPolicy.SOFT_FAIL, stranger);
        assertEquals(ProofStatus.PROVEN, soft.status(), soft.reason());
        assertTrue(soft.reason().contains("; revocation unknown: the OCSP responder " + responder.url()), soft.reason());
    }

    @Test
    @DisplayName("RFC 6960 §4.2.2.1: a response is reused until its nextUpdate, then asked for again")
    void responsesAreCachedUntilNextUpdateRfc6960Section4221() throws Exception {
        try (OpenSslOcspResponder own = new OpenSslOcspResponder(dir.resolve("own"), CA).validityMinutes(10)) {
            IssuedCertificate cert = CA.issue("cached.test").dnsName("cached.test").ocspUrl(own.url()).build();
            own.good(cert.certificate()).start();
            RevocationCache cache = new RevocationCache(clock, 100);
            ProofResult first = prove(RevocationPolicy.HARD_FAIL, cache, cert, null);
            assertTrue(first.reason().endsWith("according to the OCSP responder " + own.url()), first.reason());
            own.stop();
            clock.advance(Duration.ofMinutes(9));
            ProofResult cached = prove(RevocationPolicy.HARD_FAIL, cache, cert, null);
            assertEquals(ProofStatus.PROVEN, cached.status(), cached.reason());
            assertTrue(cached.reason().endsWith("; not revoked according to a cached OCSP response"), cached.reason());
            clock.advance(Duration.ofMinutes(2));
            ProofResult expired = prove(RevocationPolicy.HARD_FAIL, cache, cert, null);
            assertEquals(ProofStatus.DISPROVEN, expired.status(), "past nextUpdate the cached answer is gone and the "
                    + "stopped responder cannot give a new one: " + expired.reason());
        }
    }

    @Test
    @DisplayName("RFC 6066 §8: a stapled response is used without asking the responder (responder stopped)")
    void stapledResponsesAreUsedWithoutFetchingRfc6066Section8() throws Exception {
        try (OpenSslOcspResponder own = new OpenSslOcspResponder(dir.resolve("staple"), CA)) {
            IssuedCertificate ok = CA.issue("stapled.test").dnsName("stapled.test").ocspUrl(own.url()).build();
            IssuedCertificate bad = CA.issue("stapled-revoked.test").dnsName("stapled-revoked.test")
                    .ocspUrl(own.url()).build();
            own.good(ok.certificate()).revoked(bad.certificate()).start();
            byte[] okStaple = own.fetchResponse(ok.certificate());
            byte[] badStaple = own.fetchResponse(bad.certificate());
            own.stop();
            ProofResult r = prove(RevocationPolicy.HARD_FAIL, new RevocationCache(clock, 100), ok, okStaple);
            assertEquals(ProofStatus.PROVEN, r.status(), r.reason());
            assertTrue(r.reason().endsWith("; not revoked according to the OCSP response the peer stapled"), r.reason());
            ProofResult refused = prove(RevocationPolicy.SOFT_FAIL, new RevocationCache(clock, 100), bad, badStaple);
            assertEquals(ProofStatus.DISPROVEN, refused.status(), refused.reason());
            assertTrue(refused.reason().contains("according to the OCSP response the peer stapled"), refused.reason());
        }
    }

    @Test
    @DisplayName("RFC 6066 §8: a staple about another certificate is not trusted; the responder is asked instead")
    void aStapleForAnotherCertificateFallsBackToFetchingRfc6066Section8() throws Exception {
        byte[] othersStaple = responder.fetchResponse(good.certificate());
        ProofResult r = prove(RevocationPolicy.SOFT_FAIL, new RevocationCache(clock, 100), revoked, othersStaple);
        assertEquals(ProofStatus.DISPROVEN, r.status(), r.reason());
        assertTrue(r.reason().contains("according to the OCSP responder " + responder.url()), r.reason());
    }

    @Test
    @DisplayName("RFC 5280 §6.3, §4.2.1.13: no OCSP answer, so the CRL distribution point decides")
    void crlDistributionPointIsTheFallbackRfc5280Section63() throws Exception {
        String down = closedPortUrl();
        IssuedCertificate listed = CA.issue("crl-revoked.test").dnsName("crl-revoked.test").ocspUrl(down)
                .crlUrl("PLACEHOLDER").build();
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        try {
            String crlUrl = "http://127.0.0.1:" + http.getAddress().getPort() + "/ca.crl";
            IssuedCertificate bad = CA.issue("crl-revoked.test").dnsName("crl-revoked.test").ocspUrl(down)
                    .crlUrl(crlUrl).build();
            IssuedCertificate ok = CA.issue("crl-good.test").dnsName("crl-good.test").ocspUrl(down).crlUrl(crlUrl)
                    .build();
            Instant now = clock.instant();
            X509v2CRLBuilder b = new X509v2CRLBuilder(X500Name.getInstance(CA.certificate().getSubjectX500Principal()
                    .getEncoded()), Date.from(now.minusSeconds(60)));
            b.setNextUpdate(Date.from(now.plus(Duration.ofHours(1))));
            b.addCRLEntry(bad.certificate().getSerialNumber(), Date.from(now.minusSeconds(30)), CRLReason.keyCompromise);
            b.addCRLEntry(listed.certificate().getSerialNumber(), Date.from(now.minusSeconds(30)), CRLReason.superseded);
            byte[] crl = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(CA.keyPair().getPrivate()))
                    .getEncoded();
            java.util.concurrent.atomic.AtomicInteger downloads = new java.util.concurrent.atomic.AtomicInteger();
            http.createContext("/ca.crl", ex -> {
                downloads.incrementAndGet();
                ex.sendResponseHeaders(200, crl.length);
                ex.getResponseBody().write(crl);
                ex.close();
            });
            http.start();
            ProofResult refused = prove(RevocationPolicy.SOFT_FAIL, bad);
            assertEquals(ProofStatus.DISPROVEN, refused.status(), refused.reason());
            assertTrue(refused.reason().contains("according to the CRL at " + crlUrl), refused.reason());
            ProofResult proven = prove(RevocationPolicy.HARD_FAIL, ok);
            assertEquals(ProofStatus.PROVEN, proven.status(), proven.reason());
            assertTrue(proven.reason().endsWith("; not revoked according to the CRL at " + crlUrl), proven.reason());
            assertEquals(2, downloads.get(), "one download per check (each with a fresh cache): the JDK's validator "
                    + "must not fetch the distribution point itself");
        } finally {
            http.stop(0);
        }
    }

    @Test
    @DisplayName("RFC 5280 §6.3 soft-fail: the whole check ends within its budget, before the verifier's timeout")
    void aResponderThatNeverAnswersIsCutOffByTheBudgetRfc5280Section63() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // accepts connections (the backlog) but never answers: a black-holed responder
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/";
            IssuedCertificate cert = CA.issue("slow.test").dnsName("slow.test").ocspUrl(url).crlUrl(url + "ca.crl")
                    .build();
            RevocationCheck check = new RevocationCheck(RevocationPolicy.SOFT_FAIL,
                    new RevocationFetcher(Duration.ofSeconds(30)), new RevocationCache(clock, 10), Runnable::run,
                    Duration.ofMillis(800));
            long start = System.nanoTime();
            RevocationStatus s = check.check(ChainValidator.order(cert.chain(), trust.anchors()), trust.anchors(), null,
                    clock.instant()).toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(RevocationStatus.Kind.UNKNOWN, s.kind(), s.detail());
            assertTrue(s.detail().startsWith("no OCSP responder or CRL answered within 800 ms"), s.detail());
            assertTrue(ms < 5000, "took " + ms + " ms");
        }
    }

    @Test
    void theRevocationBudgetEndsBeforeTheVerifierGivesUp() throws Exception {
        assertEquals(Duration.ofSeconds(10), PkixProoftypeComponent.revocationBudget(dev.portcullis.dna.DnaSettings
                .defaults()));
        assertEquals(Duration.ofMillis(4000), PkixProoftypeComponent.revocationBudget(dev.portcullis.dna.DnaSettings
                .parse(java.util.Map.of("verify.timeout-ms", "5000"))));
    }
}
