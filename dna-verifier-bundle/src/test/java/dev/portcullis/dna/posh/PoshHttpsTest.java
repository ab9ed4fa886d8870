package dev.portcullis.dna.posh;

import dev.portcullis.testkit.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.dna.DnssecTestTree;
import dev.portcullis.dna.pkix.TrustStore;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.posh.PoshServer;
import dev.portcullis.testkit.posh.PoshServer.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POSH end to end (RFC 7711; RFC 7712 §5.2, §6): a real HTTPS server on loopback with real certificates, names
 * resolved to 127.0.0.1 by BIND through the bundle's own resolver, OkHttp with the configured trust.
 */
class PoshHttpsTest {
    private static final String WK = PoshProoftype.WELL_KNOWN;
    private static final TestCa WEB_CA = TestCa.create("POSH web CA");
    /** The web server names the tenant and the hoster, but not wrongname.posh.test. */
    private static final IssuedCertificate WEB = WEB_CA.issue("posh.test").dnsName("posh.test")
            .dnsName("hosting.posh.test").build();
    /** The XMPP server's certificate names only its hosting provider. */
    private static final IssuedCertificate XMPP = TestCa.create("XMPP hoster CA").issue("hosting.posh.test")
            .dnsName("hosting.posh.test").build();

    private static DnssecTestTree tree;
    private static PoshServer server;
    private static TrustStore trust;
    private final MutableClock clock = new MutableClock(Instant.now());
    private PoshProoftype posh;

    @BeforeAll
    static void start() throws Exception {
        tree = DnssecTestTree.get();
        server = PoshServer.start(WEB);
        Path ca = Files.createTempFile("posh-ca", ".pem");
        WEB_CA.writeCertificate(ca);
        trust = TrustStore.load(false, List.of(ca));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void fresh() throws Exception {
        server.clear();
        posh = prooftype(trust, 4096);
    }

    private PoshProoftype prooftype(TrustStore t, int maxBytes) throws Exception {
        return prooftype(t, maxBytes, Duration.ofSeconds(5));
    }

    private PoshProoftype prooftype(TrustStore t, int maxBytes, Duration timeout) throws Exception {
        return new PoshProoftype(new PoshFetcher(PoshHttpClients.create(tree.locator, t, timeout),
                maxBytes), clock, Duration.ofDays(1), server.port());
    }

    private ProofResult prove(String domain, IssuedCertificate cert) throws Exception {
        return posh.prove(new VerificationRequest(Direction.INBOUND, domain, "local.test", cert.chain(), null, null))
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void aDomainWhoseCertificateNamesOnlyItsHosterIsProvenByFingerprintsRfc7711Section31() throws Exception {
        server.put("posh.test", WK, Answer.json(PoshServer.fingerprintsDocument(XMPP.certificate(), "sha-256", 3600)));
        ProofResult r = prove("posh.test", XMPP);
        assertEquals(ProofStatus.PROVEN, r.status(), r.reason());
        assertEquals(clock.instant().plusSeconds(3600), r.validUntil());
    }

    @Test
    void matchesAnyOfSeveralDescriptorsAndHashesRfc7711Section31() throws Exception {
        IssuedCertificate old = TestCa.create("old").issue("hosting.posh.test").build();
        server.put("posh.test", WK, Answer.json("{\"fingerprints\":[{\"sha-256\":\""
                + PoshServer.fingerprint(old.certificate(), "sha-256") + "\"},{\"sha-512\":\""
                + PoshServer.fingerprint(XMPP.certificate(), "sha-512") + "\",\"sha-384\":\""
                + PoshServer.fingerprint(XMPP.certificate(), "sha-384") + "\"}],\"expires\":60}"));
        assertEquals(ProofStatus.PROVEN, prove("posh.test", XMPP).status());
    }

    @Test
    void aFingerprintThatDoesNotMatchDisprovesRfc7711Section33() throws Exception {
        server.put("posh.test", WK, Answer.json(PoshServer.fingerprintsDocument(WEB.certificate(), "sha-256", 60)));
        ProofResult r = prove("posh.test", XMPP);
        assertEquals(ProofStatus.DISPROVEN, r.status());
        assertTrue(r.reason().contains("no fingerprint"), r.reason());
    }

    @Test
    void noDocumentIsNotApplicableRfc7711Section3() throws Exception {
        ProofResult r = prove("posh.test", XMPP);
        assertEquals(ProofStatus.NOT_APPLICABLE, r.status(), r.reason());
        assertTrue(r.reason().contains("404"));
    }

    @Test
    void aReferenceIsFollowedOnceAndCachedForTheLowerExpiresRfc7711Section6() throws Exception {
        server.put("posh.test", WK, Answer.json("{\"url\":\"" + server.url("hosting.posh.test", "/tenants/posh.json")
                + "\",\"expires\":3600}"));
        server.put("hosting.posh.test", "/tenants/posh.json",
                Answer.json(PoshServer.fingerprintsDocument(XMPP.certificate(), "sha-256", 600)));
        ProofResult r = prove("posh.test", XMPP);
        assertEquals(ProofStatus.PROVEN, r.status(), r.reason());
        assertEquals(clock.instant().plusSeconds(600), r.validUntil());
        clock.advance(Duration.ofSeconds(599));
        prove("posh.test", XMPP);
        assertEquals(1, server.hits("posh.test", WK), "cached below the lower expires");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(ProofStatus.PROVEN, prove("posh.test", XMPP).status());
        assertEquals(2, server.hits("posh.test", WK), "stale: the whole operation starts again at the source domain");
    }

    @Test
    void aReferenceToAnotherReferenceIsRefusedRfc7711Section32() throws Exception {
        server.put("posh.test", WK, Answer.json("{\"url\":\"" + server.url("hosting.posh.test", "/a.json")
                + "\",\"expires\":60}"));
        server.put("hosting.posh.test", "/a.json", Answer.json("{\"url\":\"" + server.url("hosting.posh.test",
                "/b.json") + "\",\"expires\":60}"));
        server.put("hosting.posh.test", "/b.json",
                Answer.json(PoshServer.fingerprintsDocument(XMPP.certificate(), "sha-256", 60)));
        ProofResult r = prove("posh.test", XMPP);
        assertEquals(ProofStatus.ERROR, r.status());
        assertTrue(r.reason().contains("one hop"), r.reason());
        assertEquals(0, server.hits("hosting.posh.test", "/b.json"));
    }

    @Test
    void followsAnHttpsRedirectChainRfc7711Section10() throws Exception {
        server.put("posh.test", WK, Answer.redirect(302, server.url("hosting.posh.test", "/r1")));
        server.put("hosting.posh.test", "/r1", Answer.redirect(307, "/r2"));
        server.put("hosting.posh.test", "/r2", Answer.redirect(301, server.url("posh.test", "/final.json")));
        server.put("posh.test", "/final.json",
                Answer.json(PoshServer.fingerprintsDocument(XMPP.certificate(), "sha-256", 60)));
        assertEquals(ProofStatus.PROVEN, prove("posh.test", XMPP).status());
    }

    @Test
    void refusesARedirectToPlainHttpRfc7711Section10() throws Exception {
        server.put("posh.test", WK, Answer.redirect(302, "http://posh.test:" + server.port() + "/x.json"));
        ProofResult r = prove("posh.test", XMPP);
        assertEquals(ProofStatus.ERROR, r.status());
        assertTrue(r.reason().contains("not HTTPS"), r.reason());
    }

    @Test
    void refusesMoreThanTenRedirectsRfc7711Section10() throws Exception {
        server.put("posh.test", WK, Answer.redirect(302, "/loop0"));
        for (int i = 0; i < 11; i++) {
            server.put("posh.test", "/loop" + i, Answer.redirect(302, "/loop" + (i + 1)));
        }
        ProofResult r = prove("posh.test", XMPP);
        assertEquals(ProofStatus.ERROR, r.status());
        assertTrue(r.reason().contains("more than 10"), r.reason());
    }

    @Test
    void refusesAnOversizeDocument() throws Exception {
        posh = prooftype(trust, 256);
        server.put("posh.test", WK, Answer.json("{\"expires\":60,\"url\":\"https://posh.test/"
                + "x".repeat(400) + "\"}"));
        ProofResult r = prove("posh.test", XMPP);
        assertEquals(ProofStatus.ERROR, r.status());
        assertTrue(r.reason().contains("posh.max-bytes"), r.reason());
    }

    @Test
    void aServerTooSlowToAnswerTimesOutAsError() throws Exception {
        posh = prooftype(trust, 4096, Duration.ofMillis(500));
        server.put("posh.test", WK, Answer.json(PoshServer.fingerprintsDocument(XMPP.certificate(), "sha-256", 60))
                .delayed(Duration.ofSeconds(3)));
        long start = System.nanoTime();
        ProofResult r = prove("posh.test", XMPP);
        assertEquals(ProofStatus.ERROR, r.status(), r.reason());
        assertTrue(r.reason().toLowerCase().contains("timeout") || r.reason().contains("timed out"), r.reason());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0,
                "the call timeout bounds the whole fetch");
    }

    @Test
    void aMalformedDocumentGivesItsReasonRfc7711Section31() throws Exception {
        server.put("posh.test", WK, Answer.json("{\"fingerprints\":[],\"expires\":60}"));
        ProofResult r = prove("posh.test", XMPP);
        assertEquals(ProofStatus.ERROR, r.status());
        assertTrue(r.reason().contains("malformed") && r.reason().contains("at least one"), r.reason());
    }

    @Test
    void expiresZeroMakesTheMaterialInvalidRfc7711Section31() throws Exception {
        server.put("posh.test", WK, Answer.json(PoshServer.fingerprintsDocument(XMPP.certificate(), "sha-256", 0)));
        ProofResult r = prove("posh.test", XMPP);
        assertEquals(ProofStatus.ERROR, r.status());
        assertTrue(r.reason().contains("expires 0"), r.reason());
    }

    @Test
    void anHttpsCertificateThatDoesNotNameTheDomainIsRefusedRfc7711Section3() throws Exception {
        server.put("wrongname.posh.test", WK,
                Answer.json(PoshServer.fingerprintsDocument(XMPP.certificate(), "sha-256", 60)));
        ProofResult r = prove("wrongname.posh.test", XMPP);
        assertEquals(ProofStatus.ERROR, r.status());
        assertTrue(r.reason().contains("does not name"), r.reason());
        assertEquals(0, server.hits("wrongname.posh.test", WK), "no request is sent to an unauthenticated server");
    }

    @Test
    void anHttpsServerFromAnUntrustedCaIsRefusedRfc7711Section3() throws Exception {
        Path other = Files.createTempFile("other-ca", ".pem");
        TestCa.create("Unrelated CA").writeCertificate(other);
        posh = prooftype(TrustStore.load(false, List.of(other)), 4096);
        server.put("posh.test", WK, Answer.json(PoshServer.fingerprintsDocument(XMPP.certificate(), "sha-256", 60)));
        ProofResult r = prove("posh.test", XMPP);
        assertEquals(ProofStatus.ERROR, r.status());
        assertTrue(r.reason().contains("not trusted"), r.reason());
    }

    @Test
    void aNameWithoutAddressInTheBundlesDnsFails() throws Exception {
        ProofResult r = prove("nowhere.posh.test", XMPP);
        assertEquals(ProofStatus.ERROR, r.status());
        assertTrue(r.reason().contains("nowhere.posh.test"), r.reason());
    }

    @Test
    void anExpiredXmppCertificateIsNeverValidRfc7711Section6() throws Exception {
        server.put("posh.test", WK, Answer.json(PoshServer.fingerprintsDocument(XMPP.certificate(), "sha-256", 3600)));
        clock.advance(Duration.between(clock.instant(), XMPP.certificate().getNotAfter().toInstant()).plusDays(1));
        assertEquals(ProofStatus.DISPROVEN, prove("posh.test", XMPP).status());
    }
}
