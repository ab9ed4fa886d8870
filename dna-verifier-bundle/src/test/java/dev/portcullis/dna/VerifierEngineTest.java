package dev.portcullis.dna;

import dev.portcullis.testkit.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.CertificateChange;
import dev.portcullis.api.dna.CertificateChangeKind;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.Prooftype;
import dev.portcullis.api.dna.Verification;
import dev.portcullis.api.dna.VerificationOutcome;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.dna.memory.CertificateRecorder;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/**
 * The verifier's policy step and orchestration (RFC 7712 §4, §7; RFC 7673 §3 fail closed; RFC 7590 §3.6), with
 * scripted prooftypes: the real ones are tested on their own against real DNS and HTTPS.
 */
class VerifierEngineTest {
    private static final TestCa CA = TestCa.create("Verifier test CA");
    private static final IssuedCertificate CERT = CA.issue("peer.test").dnsName("peer.test").build();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ProoftypeRegistry registry = new ProoftypeRegistry();
    private final List<CertificateChange> observed = new ArrayList<>();
    private CertificateChangeKind nextKind = CertificateChangeKind.UNCHANGED;
    private final List<Boolean> provenFlags = new ArrayList<>();

    private final CertificateRecorder memory = new CertificateRecorder() {
        @Override
        public CertificateChange observe(String domain, X509Certificate c, boolean proven) {
            provenFlags.add(proven);
            CertificateChange ch = new CertificateChange(nextKind, domain, "AA", nextKind == CertificateChangeKind.CHANGED
                    ? "BB" : null, clock.instant(), clock.instant(), proven);
            observed.add(ch);
            return ch;
        }
    };

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** A scripted prooftype that answers when told, counting calls. */
    private static final class Scripted implements Prooftype {
        final String name;
        final CompletableFuture<ProofResult> answer = new CompletableFuture<>();
        final AtomicInteger calls = new AtomicInteger();

        Scripted(String name) {
            this.name = name;
        }

        Scripted answer(ProofStatus status, Instant validUntil) {
            answer.complete(new ProofResult(name, status, name + " says " + status, "TEST", validUntil));
            return this;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public CompletionStage<ProofResult> prove(VerificationRequest request) {
            calls.incrementAndGet();
            return answer;
        }
    }

    private void register(Prooftype p, int ranking, long id) {
        Map<String, Object> props = new HashMap<>();
        props.put(Prooftype.NAME_PROPERTY, p.name());
        props.put("service.ranking", ranking);
        props.put("service.id", id);
        registry.add(p, props);
    }

    private VerifierEngine engine(String prooftypes, String onChange, int timeoutMs) throws Exception {
        DnaSettings s = DnaSettings.parse(Map.of("prooftypes", prooftypes, "on-certificate-change", onChange,
                "verify.timeout-ms", Integer.toString(timeoutMs)));
        return new VerifierEngine(s, clock, registry::get, memory, scheduler);
    }

    private static VerificationRequest request() {
        return new VerificationRequest(Direction.INBOUND, "peer.test", "local.test", CERT.chain(), null, null);
    }

    private static Verification await(CompletionStage<Verification> v) throws Exception {
        return v.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void completesAsSoonAsOneProvesWhenNoFailClosedProoftypeIsPendingRfc7712Section7() throws Exception {
        Scripted pkix = new Scripted("pkix").answer(ProofStatus.PROVEN, clock.instant().plusSeconds(600));
        Scripted posh = new Scripted("posh"); // never answers
        register(pkix, 0, 1);
        register(posh, 0, 2);
        Verification v = await(engine("pkix,posh", "warn", 60_000).verify(request()));
        assertEquals(VerificationOutcome.VERIFIED, v.outcome());
        assertEquals("pkix", v.provenBy());
        assertEquals(1, v.results().size(), "posh was still running and is absent");
    }

    @Test
    void waitsForDaneAndRejectsWhenItsSecureRecordsDisproveRfc7673Section3() throws Exception {
        Scripted pkix = new Scripted("pkix").answer(ProofStatus.PROVEN, clock.instant().plusSeconds(600));
        Scripted dane = new Scripted("dane");
        register(pkix, 0, 1);
        register(dane, 0, 2);
        CompletableFuture<Verification> v = engine("pkix,dane", "warn", 60_000).verify(request()).toCompletableFuture();
        Thread.sleep(100);
        assertFalse(v.isDone(), "a PKIX proof must not pre-empt DANE's fail-closed veto");
        dane.answer(ProofStatus.DISPROVEN, clock.instant().plusSeconds(300));
        Verification done = await(v);
        assertEquals(VerificationOutcome.REJECTED, done.outcome());
        assertNull(done.provenBy());
        assertTrue(done.reason().contains("fail closed"), done.reason());
        assertEquals(List.of(false), provenFlags, "a refused certificate is not offered as proven, so not remembered");
    }

    @Test
    void aRevokedCertificateIsRefusedEvenWhenAnotherProoftypeProvesItRfc5280Section63() throws Exception {
        Scripted posh = new Scripted("posh").answer(ProofStatus.PROVEN, clock.instant().plusSeconds(600));
        Scripted pkix = new Scripted("pkix");
        register(posh, 0, 1);
        register(pkix, 0, 2);
        CompletableFuture<Verification> v = engine("posh,pkix", "warn", 60_000).verify(request()).toCompletableFuture();
        Thread.sleep(100);
        assertFalse(v.isDone(), "a POSH proof must not pre-empt PKIX's revocation finding");
        pkix.answer.complete(new ProofResult("pkix", ProofStatus.DISPROVEN, "the certificate of peer.test is revoked",
                dev.portcullis.dna.pkix.PkixProoftypeComponent.REVOKED_SECTION, null));
        Verification done = await(v);
        assertEquals(VerificationOutcome.REJECTED, done.outcome(), done.reason());
        assertNull(done.provenBy());
        assertTrue(done.reason().contains("a revoked certificate is refused whatever else proves it, and dialback "
                + "must not override this"), done.reason());
    }

    @Test
    void aDisprovenPoshOrPkixIsOnlyTheAbsenceOfProofRfc7712Section4() throws Exception {
        register(new Scripted("pkix").answer(ProofStatus.DISPROVEN, null), 0, 1);
        register(new Scripted("posh").answer(ProofStatus.DISPROVEN, null), 0, 2);
        Verification v = await(engine("pkix,posh", "warn", 60_000).verify(request()));
        assertEquals(VerificationOutcome.UNVERIFIED, v.outcome());
        assertTrue(v.reason().contains("dialback"), v.reason());
    }

    @Test
    void prefersTheFirstProvingProoftypeInConfiguredOrder() throws Exception {
        register(new Scripted("pkix").answer(ProofStatus.PROVEN, clock.instant().plusSeconds(60)), 0, 1);
        register(new Scripted("dane").answer(ProofStatus.PROVEN, clock.instant().plusSeconds(60)), 0, 2);
        assertEquals("dane", await(engine("dane,pkix", "warn", 60_000).verify(request())).provenBy());
    }

    @Test
    void reportsAnUnregisteredProoftypeAsAnError() throws Exception {
        Verification v = await(engine("kerberos", "warn", 60_000).verify(request()));
        assertEquals(VerificationOutcome.UNVERIFIED, v.outcome());
        assertEquals(ProofStatus.ERROR, v.results().get(0).status());
        assertTrue(v.results().get(0).reason().contains("no prooftype named 'kerberos'"));
    }

    @Test
    void usesTheHighestRankedThirdPartyProoftypeOfAName() throws Exception {
        Scripted low = new Scripted("token").answer(ProofStatus.DISPROVEN, null);
        Scripted high = new Scripted("token").answer(ProofStatus.PROVEN, clock.instant().plusSeconds(60));
        register(low, 0, 1);
        register(high, 10, 2);
        assertEquals(VerificationOutcome.VERIFIED, await(engine("token", "warn", 60_000).verify(request())).outcome());
        assertEquals(0, low.calls.get());
        registry.remove(high);
        assertEquals(VerificationOutcome.UNVERIFIED, await(engine("token", "warn", 60_000).verify(request())).outcome());
    }

    @Test
    void aProoftypeThatNeverAnswersTimesOutAsError() throws Exception {
        register(new Scripted("pkix"), 0, 1);
        Verification v = await(engine("pkix", "warn", 200).verify(request()));
        assertEquals(ProofStatus.ERROR, v.results().get(0).status());
        assertTrue(v.results().get(0).reason().contains("200 ms"), v.results().get(0).reason());
    }

    @Test
    void cachesEvidenceUntilItsEarliestExpiry() throws Exception {
        Scripted pkix = new Scripted("pkix").answer(ProofStatus.PROVEN, clock.instant().plusSeconds(600));
        Scripted dane = new Scripted("dane").answer(ProofStatus.NOT_APPLICABLE, clock.instant().plusSeconds(300));
        register(pkix, 0, 1);
        register(dane, 0, 2);
        VerifierEngine engine = engine("pkix,dane", "warn", 60_000);
        Verification first = await(engine.verify(request()));
        assertEquals(clock.instant().plusSeconds(300), first.validUntil());
        clock.advance(Duration.ofSeconds(299));
        await(engine.verify(request()));
        assertEquals(1, pkix.calls.get(), "second verification within 300 s came from the cache");
        clock.advance(Duration.ofSeconds(2));
        await(engine.verify(request()));
        assertEquals(2, pkix.calls.get(), "evidence past its expiry is gathered again");
    }

    @Test
    void evidenceWithoutExpiryIsNotCached() throws Exception {
        Scripted pkix = new Scripted("pkix").answer(ProofStatus.ERROR, null);
        register(pkix, 0, 1);
        VerifierEngine engine = engine("pkix", "warn", 60_000);
        await(engine.verify(request()));
        await(engine.verify(request()));
        assertEquals(2, pkix.calls.get());
    }

    @Test
    void requireProofRefusesAnUnprovenNewKeyRfc7590Section36() throws Exception {
        register(new Scripted("pkix").answer(ProofStatus.DISPROVEN, null), 0, 1);
        nextKind = CertificateChangeKind.CHANGED;
        Verification v = await(engine("pkix", "require-proof", 60_000).verify(request()));
        assertEquals(VerificationOutcome.REJECTED, v.outcome());
        assertTrue(v.reason().contains("require-proof"), v.reason());
        assertEquals(List.of(false), provenFlags);
    }

    @Test
    void warnKeepsAnUnprovenNewKeyUnverifiedAndReportsItAsUnprovenRfc7590Section36() throws Exception {
        register(new Scripted("pkix").answer(ProofStatus.DISPROVEN, null), 0, 1);
        nextKind = CertificateChangeKind.CHANGED;
        Verification v = await(engine("pkix", "warn", 60_000).verify(request()));
        assertEquals(VerificationOutcome.UNVERIFIED, v.outcome());
        assertTrue(v.certificateChange().warning());
        assertEquals(List.of(false), provenFlags, "the memory is told the certificate is unproven, so it keeps it out");
    }

    @Test
    void requireProofLetsAnUnprovenUnseenPeerTryDialbackRfc7590Section36() throws Exception {
        register(new Scripted("pkix").answer(ProofStatus.DISPROVEN, null), 0, 1);
        nextKind = CertificateChangeKind.FIRST_SEEN;
        Verification v = await(engine("pkix", "require-proof", 60_000).verify(request()));
        assertEquals(VerificationOutcome.UNVERIFIED, v.outcome(), "nothing is remembered, so nothing is squatted");
    }

    @Test
    void onlyAVerifiedAssociationIsOfferedToTheMemoryAsProvenRfc7590Section36() throws Exception {
        register(new Scripted("pkix").answer(ProofStatus.PROVEN, clock.instant().plusSeconds(60)), 0, 1);
        register(new Scripted("dane").answer(ProofStatus.DISPROVEN, clock.instant().plusSeconds(60)), 0, 2);
        Verification v = await(engine("pkix,dane", "warn", 60_000).verify(request()));
        assertEquals(VerificationOutcome.REJECTED, v.outcome());
        assertEquals(List.of(false), provenFlags, "a vetoed association is not proven, whatever PKIX said");
    }

    @Test
    void requireProofAcceptsAProvenNewKey() throws Exception {
        register(new Scripted("pkix").answer(ProofStatus.PROVEN, clock.instant().plusSeconds(60)), 0, 1);
        nextKind = CertificateChangeKind.CHANGED;
        Verification v = await(engine("pkix", "require-proof", 60_000).verify(request()));
        assertEquals(VerificationOutcome.VERIFIED, v.outcome());
        assertTrue(v.certificateChange().proven());
    }

    static Stream<Arguments> daneCannotCheck() {
        List<Arguments> all = new ArrayList<>();
        for (Direction d : Direction.values()) {
            all.add(Arguments.of("R11 DANE failed", d));
            all.add(Arguments.of("R11 DANE timed out", d));
            all.add(Arguments.of("R12 DANE listed but not installed", d));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, {1} → refused (RFC 7673 §3.1, §3.4)")
    @MethodSource("daneCannotCheck")
    void daneThatCannotCheckFailsClosedInBothDirectionsRfc7673Section31(String row, Direction direction)
            throws Exception {
        register(new Scripted("pkix").answer(ProofStatus.PROVEN, clock.instant().plusSeconds(60)), 0, 1);
        if (row.contains("failed")) {
            register(new Scripted("dane").answer(ProofStatus.ERROR, null), 0, 2);
        } else if (row.contains("timed out")) {
            register(new Scripted("dane"), 0, 2); // never answers
        }
        VerificationRequest request = new VerificationRequest(direction, "peer.test", "local.test", CERT.chain(),
                null, null);
        Verification v = await(engine("pkix,dane", "warn", 200).verify(request));
        assertEquals(VerificationOutcome.REJECTED, v.outcome(), v.reason());
        assertNull(v.provenBy());
        assertTrue(v.reason().contains("docs/DANE.md R11, R12"), v.reason());
    }
}
