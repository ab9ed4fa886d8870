package dev.portcullis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.tls.LocalIdentity;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDomainTest {
    static TestCa ca;

    @TempDir
    Path dir;

    @BeforeAll
    static void ca() {
        ca = TestCa.create("LocalDomainTest CA");
    }

    private IssuedCertificate.Pem issue(String domain, TestCa.KeyAlgorithm alg) throws Exception {
        return ca.issue(domain).dnsName(domain).key(alg).build().writePem(dir, domain + "-" + alg);
    }

    @Test
    void loadsPemChainAndPkcs8EcKeyWithoutBouncyCastle() throws Exception {
        IssuedCertificate.Pem pem = issue("alpha.test", TestCa.KeyAlgorithm.EC_P256);
        LocalIdentity id = LocalDomain.load(Map.of("domain", "Alpha.Test", "certificate", pem.certificate().toString(),
                "key", pem.key().toString()), Instant.now());
        assertEquals("alpha.test", id.domain());
        assertEquals(2, id.chain().size()); // end entity, then the CA
        assertEquals("EC", id.key().getAlgorithm());
    }

    @Test
    void loadsRsaKey() throws Exception {
        IssuedCertificate.Pem pem = issue("alpha.test", TestCa.KeyAlgorithm.RSA_2048);
        LocalIdentity id = LocalDomain.load(Map.of("domain", "alpha.test", "certificate", pem.certificate().toString(),
                "key", pem.key().toString()), Instant.now());
        assertEquals("RSA", id.key().getAlgorithm());
    }

    @Test
    void rejectsKeyOfAnotherCertificate() throws Exception {
        IssuedCertificate.Pem a = issue("alpha.test", TestCa.KeyAlgorithm.EC_P256);
        IssuedCertificate.Pem b = issue("beta.test", TestCa.KeyAlgorithm.EC_P256);
        ConfigRejected e = assertThrows(ConfigRejected.class, () -> LocalDomain.load(Map.of("domain", "alpha.test",
                "certificate", a.certificate().toString(), "key", b.key().toString()), Instant.now()));
        assertEquals("key", e.key());
        assertTrue(e.reason().contains("does not belong"), e.reason());
    }

    @Test
    void rejectsMissingCertificateFileNamingThePath() throws Exception {
        IssuedCertificate.Pem a = issue("alpha.test", TestCa.KeyAlgorithm.EC_P256);
        ConfigRejected e = assertThrows(ConfigRejected.class, () -> LocalDomain.load(Map.of("domain", "alpha.test",
                "certificate", dir.resolve("nope.crt").toString(), "key", a.key().toString()), Instant.now()));
        assertEquals("certificate", e.key());
        assertTrue(e.reason().contains("nope.crt"), e.reason());
    }

    @Test
    void rejectsLegacyRsaKeyFormatWithConversionCommand() throws Exception {
        IssuedCertificate.Pem a = issue("alpha.test", TestCa.KeyAlgorithm.EC_P256);
        Path legacy = dir.resolve("legacy.key");
        Files.writeString(legacy, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        ConfigRejected e = assertThrows(ConfigRejected.class, () -> LocalDomain.load(Map.of("domain", "alpha.test",
                "certificate", a.certificate().toString(), "key", legacy.toString()), Instant.now()));
        assertTrue(e.reason().contains("openssl pkcs8 -topk8"), e.reason());
    }

    @Test
    void rejectsExpiredCertificate() throws Exception {
        IssuedCertificate.Pem pem = issue("alpha.test", TestCa.KeyAlgorithm.EC_P256);
        ConfigRejected e = assertThrows(ConfigRejected.class, () -> LocalDomain.load(Map.of("domain", "alpha.test",
                "certificate", pem.certificate().toString(), "key", pem.key().toString()),
                Instant.now().plusSeconds(3600L * 24 * 365)));
        assertTrue(e.reason().contains("expired"), e.reason());
    }

    @Test
    void rejectsInvalidDomain() {
        ConfigRejected e = assertThrows(ConfigRejected.class,
                () -> LocalDomain.load(Map.of("domain", "not a domain"), Instant.now()));
        assertEquals("domain", e.key());
    }

    @Test
    void badUpdateKeepsThePreviousIdentityInForce() throws Exception {
        IssuedCertificate.Pem pem = issue("alpha.test", TestCa.KeyAlgorithm.EC_P256);
        Map<String, Object> good = new HashMap<>(Map.of("domain", "alpha.test",
                "certificate", pem.certificate().toString(), "key", pem.key().toString()));
        LocalDomain d = new LocalDomain(good);
        LocalIdentity before = d.identity().orElseThrow();
        Map<String, Object> bad = new HashMap<>(good);
        bad.put("key", dir.resolve("missing.key").toString());
        d.modified(bad);
        assertEquals(before, d.identity().orElseThrow());
    }

    /** Our certificate's expiry is announced 30, 7 and 1 days ahead, each once, naming domain, file and remedy. */
    @Test
    void warnsThirtySevenAndOneDayBeforeOurCertificateExpires() throws Exception {
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        IssuedCertificate.Pem pem = ca.issue("alpha.test").dnsName("alpha.test")
                .validity(start.minus(java.time.Duration.ofDays(1)), start.plus(java.time.Duration.ofDays(40)))
                .build().writePem(dir, "expiring");
        dev.portcullis.testkit.MutableClock clock = new dev.portcullis.testkit.MutableClock(start);
        LocalDomain d = new LocalDomain(new HashMap<>(Map.of("domain", "alpha.test", "certificate",
                pem.certificate().toString(), "key", pem.key().toString(),
                "felix.fileinstall.filename", "file:/etc/dev.portcullis.domain-alpha.cfg")), clock);
        assertTrue(d.checkExpiry(clock.instant()).isEmpty(), "40 days left: nothing to say yet");
        clock.advance(java.time.Duration.ofDays(11)); // 29 days left
        String line = d.checkExpiry(clock.instant()).orElseThrow();
        assertEquals("The certificate of local domain alpha.test (" + pem.certificate() + ") expires in 29 days, on "
                + start.plus(java.time.Duration.ofDays(40)) + " (warning 30 day(s) ahead): renew it and write the new "
                + "chain to that file, or point 'certificate' and 'key' in file:/etc/dev.portcullis.domain-alpha.cfg at "
                + "the new files; it applies without a restart. Peers refuse an expired certificate (RFC 6120 §13.7.2)", line);
        assertTrue(d.checkExpiry(clock.instant()).isEmpty(), "once per threshold");
        clock.advance(java.time.Duration.ofDays(23)); // 6 days left
        assertTrue(d.checkExpiry(clock.instant()).orElseThrow().contains("expires in 6 days"));
        clock.advance(java.time.Duration.ofDays(5).plusHours(12)); // 12 hours left
        assertTrue(d.checkExpiry(clock.instant()).orElseThrow().contains("expires in 12 hours"));
        assertTrue(d.checkExpiry(clock.instant()).isEmpty());
    }

    @Test
    void aCertificateLoadedWithinSevenDaysOfExpiryWarnsOnceAtTheSevenDayThreshold() {
        ExpiryWarning none = ExpiryWarning.NONE;
        Instant notAfter = Instant.parse("2026-12-10T00:00:00Z");
        assertEquals(java.util.Optional.of(7), none.due(notAfter.minus(java.time.Duration.ofDays(3)), notAfter));
        assertEquals(java.util.Optional.empty(), new ExpiryWarning(7).due(notAfter.minus(java.time.Duration.ofDays(3)), notAfter));
        assertEquals(java.util.Optional.of(1), new ExpiryWarning(7).due(notAfter.minus(java.time.Duration.ofHours(5)), notAfter));
        assertEquals(java.util.Optional.empty(), none.due(notAfter.minus(java.time.Duration.ofDays(31)), notAfter));
    }
}
