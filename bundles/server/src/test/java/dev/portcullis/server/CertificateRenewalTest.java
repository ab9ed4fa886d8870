package dev.portcullis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.dna.core.fingerprint.Fingerprints;
import dev.portcullis.api.event.PortcullisEvents;
import dev.portcullis.api.stream.LocalCertificate;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.MutableClock;
import dev.portcullis.testkit.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Our own certificate: renewal picked up from the files (certbot layout) and expiry announced (RFC 6120 §13.7.2). */
class CertificateRenewalTest {
    static TestCa ca;
    static final Instant START = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;

    final List<Event> events = new ArrayList<>();
    final EventAdmin eventAdmin = new EventAdmin() {
        @Override
        public void postEvent(Event event) {
            events.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            events.add(event);
        }
    };

    @BeforeAll
    static void ca() {
        ca = TestCa.create("CertificateRenewalTest CA");
    }

    private static IssuedCertificate cert(Duration left) {
        return ca.issue("alpha.test").dnsName("alpha.test").validity(START.minus(Duration.ofDays(1)), START.plus(left)).build();
    }

    /** certbot's layout: live/alpha/{fullchain,privkey}.pem are symlinks to archive/alpha/{fullchainN,privkeyN}.pem. */
    private Path[] certbotLive(IssuedCertificate c, int version) throws Exception {
        Path archive = Files.createDirectories(dir.resolve("archive/alpha"));
        Path live = Files.createDirectories(dir.resolve("live/alpha"));
        IssuedCertificate.Pem pem = c.writePem(archive, "v" + version);
        Path chain = archive.resolve("fullchain" + version + ".pem");
        Path key = archive.resolve("privkey" + version + ".pem");
        Files.move(pem.certificate(), chain, StandardCopyOption.REPLACE_EXISTING);
        Files.move(pem.key(), key, StandardCopyOption.REPLACE_EXISTING);
        switchLink(live.resolve("fullchain.pem"), Path.of("../../archive/alpha/fullchain" + version + ".pem"));
        switchLink(live.resolve("privkey.pem"), Path.of("../../archive/alpha/privkey" + version + ".pem"));
        return new Path[] {live.resolve("fullchain.pem"), live.resolve("privkey.pem")};
    }

    /** As certbot does it: a new link beside the old one, renamed over it (atomic). */
    private static void switchLink(Path link, Path target) throws Exception {
        Path tmp = link.resolveSibling(link.getFileName() + ".new");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, target);
        Files.move(tmp, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private LocalDomain domain(Path certificate, Path key, MutableClock clock) {
        LocalDomain d = new LocalDomain(new HashMap<>(Map.of("domain", "alpha.test", "certificate", certificate.toString(),
                "key", key.toString(), "felix.fileinstall.filename", "file:/etc/dev.portcullis.domain-alpha.cfg")), clock);
        d.bindEventAdmin(eventAdmin);
        return d;
    }

    @Test
    @DisplayName("certbot switching live/ symlinks to a new archive/ version is loaded at the next check, once (RFC 6120 §13.7.1)")
    void loadsCertificateRenewedByCertbotSymlinkSwitch() throws Exception {
        MutableClock clock = new MutableClock(START);
        IssuedCertificate first = cert(Duration.ofDays(20));
        Path[] live = certbotLive(first, 1);
        LocalDomain d = domain(live[0], live[1], clock);
        String before = Fingerprints.certificate(first.certificate());
        assertEquals(before, d.status().orElseThrow().sha256());
        assertEquals(Optional.empty(), d.reloadIfRenewed(clock.instant()), "nothing changed: nothing loaded");

        IssuedCertificate renewed = cert(Duration.ofDays(90));
        certbotLive(renewed, 2);
        clock.advance(Duration.ofMinutes(1));
        String line = d.reloadIfRenewed(clock.instant()).orElseThrow();
        String after = Fingerprints.certificate(renewed.certificate());
        assertEquals("Loaded the renewed certificate of local domain alpha.test from " + live[0] + " -> "
                + dir.resolve("archive/alpha/fullchain2.pem").toRealPath() + " (SHA-256 " + after + ", valid until "
                + START.plus(Duration.ofDays(90)) + ", replacing SHA-256 " + before + " valid until "
                + START.plus(Duration.ofDays(20)) + "): new handshakes present it; established streams keep the TLS "
                + "session they negotiated", line);
        assertEquals(renewed.certificate(), d.identity().orElseThrow().chain().get(0));
        LocalCertificate status = d.status().orElseThrow();
        assertEquals(after, status.sha256());
        assertEquals(clock.instant(), status.loaded());
        assertEquals(live[0].toString(), status.certificateFile());
        Event reloaded = events.stream().filter(e -> e.getTopic().equals(PortcullisEvents.CERTIFICATE_RELOADED))
                .findFirst().orElseThrow();
        assertEquals(after, reloaded.getProperty(PortcullisEvents.PROP_FINGERPRINT));
        assertEquals(before, reloaded.getProperty(PortcullisEvents.PROP_PREVIOUS_FINGERPRINT));
        assertEquals(Optional.empty(), d.reloadIfRenewed(clock.instant()), "loaded once");
    }

    @Test
    @DisplayName("files replaced in place are loaded; a key that does not match yet keeps the old identity, reported once")
    void inPlaceRenewalWithMismatchedKeyKeepsTheIdentityInForceUntilTheKeyArrives() throws Exception {
        MutableClock clock = new MutableClock(START);
        IssuedCertificate first = cert(Duration.ofDays(20));
        IssuedCertificate.Pem pem = first.writePem(dir, "alpha");
        LocalDomain d = domain(pem.certificate(), pem.key(), clock);

        IssuedCertificate renewed = cert(Duration.ofDays(90));
        IssuedCertificate.Pem next = renewed.writePem(dir.resolve("next"), "alpha");
        Files.copy(next.certificate(), pem.certificate(), StandardCopyOption.REPLACE_EXISTING); // certificate first
        String refused = d.reloadIfRenewed(clock.instant()).orElseThrow();
        assertTrue(refused.startsWith("The certificate files of local domain alpha.test changed but were not loaded: key = "
                + pem.key() + ": this key does not belong to the certificate in " + pem.certificate()), refused);
        assertEquals(first.certificate(), d.identity().orElseThrow().chain().get(0), "the old identity stays in force");
        assertEquals(Optional.empty(), d.reloadIfRenewed(clock.instant()), "reported once, not at every check");

        Files.copy(next.key(), pem.key(), StandardCopyOption.REPLACE_EXISTING); // then the key
        assertTrue(d.reloadIfRenewed(clock.instant()).orElseThrow().startsWith("Loaded the renewed certificate"));
        assertEquals(renewed.certificate(), d.identity().orElseThrow().chain().get(0));
    }

    @Test
    @DisplayName("the daily re-check warns 30, 7 and 1 days ahead with an event each, and starts over for a renewed certificate")
    void recheckPostsExpiryEventsAndRenewalResetsThem() throws Exception {
        MutableClock clock = new MutableClock(START);
        IssuedCertificate first = cert(Duration.ofDays(31));
        Path[] live = certbotLive(first, 1);
        LocalDomain d = domain(live[0], live[1], clock);
        List<Integer> warned = new ArrayList<>();
        for (int day = 0; day < 31; day++) {
            d.check();
            clock.advance(Duration.ofDays(1));
        }
        for (Event e : events) {
            assertEquals(PortcullisEvents.CERTIFICATE_EXPIRING, e.getTopic());
            assertEquals("alpha.test", e.getProperty(PortcullisEvents.PROP_DOMAIN));
            assertEquals(live[0].toString(), e.getProperty(PortcullisEvents.PROP_FILE));
            assertEquals(START.plus(Duration.ofDays(31)).toEpochMilli(), e.getProperty(PortcullisEvents.PROP_NOT_AFTER));
            warned.add((Integer) e.getProperty(PortcullisEvents.PROP_DAYS));
        }
        assertEquals(List.of(30, 7, 1), warned);
        assertEquals(1, d.status().orElseThrow().warnedDays());
        assertTrue(d.status().orElseThrow().expiresSoon());

        events.clear();
        certbotLive(cert(Duration.ofDays(120)), 2);
        d.check();
        assertEquals(List.of(PortcullisEvents.CERTIFICATE_RELOADED), events.stream().map(Event::getTopic).toList(),
                "a renewed certificate with 89 days left: reloaded, no warning");
        assertEquals(null, d.status().orElseThrow().warnedDays());
        assertNotEquals(Fingerprints.certificate(first.certificate()), d.status().orElseThrow().sha256());
    }

    @Test
    @DisplayName("certificate.check.interval outside 1..86400 is refused naming the key")
    void rejectsBadCheckInterval() throws Exception {
        IssuedCertificate.Pem pem = cert(Duration.ofDays(90)).writePem(dir, "alpha");
        LocalDomain d = new LocalDomain(new HashMap<>(Map.of("domain", "alpha.test", "certificate", pem.certificate().toString(),
                "key", pem.key().toString(), "certificate.check.interval", "0")));
        assertEquals(Optional.empty(), d.identity());
    }
}
