package dev.portcullis.dna.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.dna.CertificateChange;
import dev.portcullis.api.dna.CertificateChangeKind;
import dev.portcullis.api.dna.RememberedCertificate;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.TestCa;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes' certificate memories kept in step through the shared store (docs/STORE.md): what one node remembered
 * is adopted by the other, so a peer's new key is CHANGED on the node that meets it first and UNCHANGED on the next
 * (RFC 7590 §3.6); only proven certificates are written through (issue 11's rule).
 */
class SharedMemoryAdoptionTest {
    private static final TestCa CA = TestCa.create("Shared memory test CA");

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
    private final List<CertificateChange> posted = new ArrayList<>();

    private CertificateMemoryStore node(String name, List<RememberedCertificate> written) {
        CertificateMemoryStore m = new CertificateMemoryStore(dir.resolve(name + ".json"), clock, posted::add);
        m.onRemember(written::add);
        return m;
    }

    @Test
    void aNewKeySeenFirstOnNodeTwoIsChangedThereAndUnchangedOnNodeThreeRfc7590Section36() {
        IssuedCertificate first = CA.issue("peer.test").dnsName("peer.test").build();
        IssuedCertificate rekeyed = CA.issue("peer.test").dnsName("peer.test").build();
        List<RememberedCertificate> wire = new ArrayList<>();
        CertificateMemoryStore one = node("one", wire);
        CertificateMemoryStore two = node("two", new ArrayList<>());
        CertificateMemoryStore three = node("three", new ArrayList<>());

        one.observe("peer.test", first.certificate(), true);
        assertEquals(1, wire.size());
        two.adopt(wire.get(0), true);
        three.adopt(wire.get(0), true);
        clock.advance(Duration.ofHours(1));
        List<RememberedCertificate> fromTwo = new ArrayList<>();
        two.onRemember(fromTwo::add);
        assertEquals(CertificateChangeKind.CHANGED, two.observe("peer.test", rekeyed.certificate(), true).kind());
        three.adopt(fromTwo.get(0), true);
        assertEquals(CertificateChangeKind.UNCHANGED, three.observe("peer.test", rekeyed.certificate(), true).kind());
        assertEquals(1, posted.size(), "the change is announced once, by the node that met it");
    }

    @Test
    void anUnprovenCertificateIsNeverWrittenThroughIssue11() {
        List<RememberedCertificate> wire = new ArrayList<>();
        CertificateMemoryStore one = node("one", wire);
        one.observe("evil.test", CA.issue("evil.test").dnsName("evil.test").build().certificate(), false);
        assertTrue(wire.isEmpty());
    }

    @Test
    void anOlderRemoteEntryDoesNotDisplaceANewerLocalOneAndIsPushedBack() {
        IssuedCertificate first = CA.issue("peer.test").dnsName("peer.test").build();
        IssuedCertificate rekeyed = CA.issue("peer.test").dnsName("peer.test").build();
        List<RememberedCertificate> wire = new ArrayList<>();
        CertificateMemoryStore one = node("one", wire);
        one.observe("peer.test", first.certificate(), true);
        RememberedCertificate old = wire.get(0);
        clock.advance(Duration.ofHours(1));
        one.observe("peer.test", rekeyed.certificate(), true);

        assertTrue(one.adopt(old, true), "ours changed later: the store should get ours");
        assertEquals(wire.get(1).fingerprint(), one.lookup("peer.test").orElseThrow().fingerprint());
        assertEquals(List.of(one.lookup("peer.test").orElseThrow()), one.newerThan(Map.of("peer.test", old)));
        assertFalse(one.newerThan(Map.of("peer.test", wire.get(1))).contains(old));
    }
}
