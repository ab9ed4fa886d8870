package dev.portcullis.dna.memory;

import dev.portcullis.testkit.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.dna.CertificateChange;
import dev.portcullis.api.dna.CertificateChangeKind;
import dev.portcullis.api.dna.RememberedCertificate;
import dev.portcullis.dna.core.fingerprint.Fingerprints;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificate memory (RFC 7590 §3.6): kinds of change, persistence across instances, hostile files. */
class CertificateMemoryStoreTest {
    private static final TestCa CA = TestCa.create("Memory test CA");

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
    private final List<CertificateChange> posted = new ArrayList<>();

    private CertificateMemoryStore store() {
        return new CertificateMemoryStore(dir.resolve("certificate-memory.json"), clock, posted::add);
    }

    @Test
    void tellsFirstSeenUnchangedRenewedAndChangedRfc7590Section36() {
        IssuedCertificate first = CA.issue("peer.test").dnsName("peer.test").build();
        IssuedCertificate renewed = CA.issue("peer.test").dnsName("peer.test").keyPair(first.keyPair()).build();
        IssuedCertificate rekeyed = CA.issue("peer.test").dnsName("peer.test").build();
        CertificateMemoryStore m = store();
        assertEquals(CertificateChangeKind.FIRST_SEEN, m.observe("peer.test", first.certificate(), true).kind());
        clock.advance(Duration.ofHours(1));
        assertEquals(CertificateChangeKind.UNCHANGED, m.observe("peer.test", first.certificate(), true).kind());
        assertEquals(CertificateChangeKind.RENEWED_SAME_KEY,
                m.observe("peer.test", renewed.certificate(), true).kind());
        // only a change is posted (first sight and no change are not), and a renewal on the same key is no warning
        assertEquals(List.of(CertificateChangeKind.RENEWED_SAME_KEY), posted.stream().map(CertificateChange::kind).toList());
        assertFalse(posted.get(0).warning());
        CertificateChange changed = m.observe("PEER.test", rekeyed.certificate(), true);
        assertEquals(CertificateChangeKind.CHANGED, changed.kind());
        assertTrue(changed.warning());
        assertTrue(changed.proven());
        assertEquals(Fingerprints.certificate(renewed.certificate()), changed.previousFingerprint());
        assertEquals(changed, posted.get(posted.size() - 1));
    }

    @Test
    void anUnprovenCertificateOfAnUnseenDomainIsNotRememberedRfc7590Section36() {
        IssuedCertificate impostor = CA.issue("evil.test").dnsName("evil.test").build();
        CertificateMemoryStore m = store();
        CertificateChange seen = m.observe("good.test", impostor.certificate(), false);
        assertEquals(CertificateChangeKind.FIRST_SEEN, seen.kind());
        assertFalse(seen.proven());
        assertTrue(m.lookup("good.test").isEmpty(), "a claimed, unproven association must not be learnt");
        assertTrue(store().lookup("good.test").isEmpty(), "nor written to the file");
        IssuedCertificate real = CA.issue("good.test").dnsName("good.test").build();
        CertificateChange first = m.observe("good.test", real.certificate(), true);
        assertEquals(CertificateChangeKind.FIRST_SEEN, first.kind(), "the real peer is first seen, not 'changed'");
        assertTrue(posted.isEmpty(), "no change is announced");
    }

    @Test
    void anUnprovenCertificateNeverDisplacesARememberedOneRfc7590Section36() {
        IssuedCertificate real = CA.issue("good.test").dnsName("good.test").build();
        IssuedCertificate impostor = CA.issue("evil.test").dnsName("evil.test").build();
        CertificateMemoryStore m = store();
        m.observe("good.test", real.certificate(), true);
        CertificateChange differs = m.observe("good.test", impostor.certificate(), false);
        assertEquals(CertificateChangeKind.CHANGED, differs.kind(), "reported as differing from the remembered one");
        assertFalse(differs.proven());
        assertTrue(posted.isEmpty(), "an unproven certificate is no change of the remembered one: nothing is posted");
        assertEquals(Fingerprints.certificate(real.certificate()), m.lookup("good.test").orElseThrow().fingerprint());
        assertEquals(CertificateChangeKind.UNCHANGED, m.observe("good.test", real.certificate(), true).kind(),
                "the real peer is still recognised");
    }

    @Test
    void survivesANewInstanceOverTheSameFile() {
        IssuedCertificate cert = CA.issue("peer.test").dnsName("peer.test").build();
        store().observe("peer.test", cert.certificate(), true);
        CertificateMemoryStore reopened = store();
        RememberedCertificate r = reopened.lookup("peer.test").orElseThrow();
        assertEquals(Fingerprints.certificate(cert.certificate()), r.fingerprint());
        assertEquals(clock.instant(), r.firstSeen());
        assertTrue(r.changeProven());
        assertEquals(CertificateChangeKind.UNCHANGED, reopened.observe("peer.test", cert.certificate(), true)
                .kind());
    }

    @Test
    void aRefusedKeyStaysAChangeOnTheNextAttempt() {
        IssuedCertificate a = CA.issue("peer.test").dnsName("peer.test").build();
        IssuedCertificate b = CA.issue("peer.test").dnsName("peer.test").build();
        CertificateMemoryStore m = store();
        m.observe("peer.test", a.certificate(), true);
        assertEquals(CertificateChangeKind.CHANGED, m.observe("peer.test", b.certificate(), false).kind());
        assertEquals(CertificateChangeKind.CHANGED, m.observe("peer.test", b.certificate(), false).kind(),
                "a refused key stays a change, not 'unchanged', on the next attempt");
        assertEquals(Fingerprints.certificate(a.certificate()), store().lookup("peer.test").orElseThrow().fingerprint());
    }

    @Test
    void setsAnUnreadableFileAsideAndStartsEmpty() throws Exception {
        Files.writeString(dir.resolve("certificate-memory.json"), "{ not json");
        CertificateMemoryStore m = store();
        assertTrue(m.entries().isEmpty());
        try (var files = Files.list(dir)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("certificate-memory.json.unreadable-")),
                    "the bad file is kept for the administrator");
        }
    }

    @Test
    void listsMostRecentlyChangedFirst() {
        CertificateMemoryStore m = store();
        m.observe("a.test", CA.issue("a.test").build().certificate(), true);
        clock.advance(Duration.ofMinutes(5));
        m.observe("b.test", CA.issue("b.test").build().certificate(), true);
        assertEquals("b.test", m.entries().get(0).domain());
    }
}
