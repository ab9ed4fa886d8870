package dev.portcullis.dna.core.dane;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.TlsaRecord;
import dev.portcullis.dna.core.pkix.ChainValidator;
import dev.portcullis.testkit.ForgedCertificates;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import java.security.MessageDigest;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every TLSA certificate usage × selector × matching type (RFC 6698 §2.1, RFC 7218 §2), and the DANE-EE /
 * DANE-TA name and expiry rules of RFC 7671 §5 and RFC 7673 §4.
 */
class TlsaMatcherTest {
    private static final TestCa CA = TestCa.create("TLSA test CA");
    private static final TestCa ROGUE = TestCa.create("TLSA rogue CA");
    private static final IssuedCertificate CERT = CA.issue("dane.test").dnsName("dane.test").build();
    private static final IssuedCertificate STRANGER = ROGUE.issue("dane.test").dnsName("dane.test").build();
    private static TlsaMatcher matcher;

    @BeforeAll
    static void trust() {
        matcher = new TlsaMatcher(Set.of(new TrustAnchor(CA.certificate(), null)), new ChainValidator(false, false));
    }

    static byte[] data(X509Certificate c, int selector, int matching) throws Exception {
        byte[] selected = selector == 0 ? c.getEncoded() : c.getPublicKey().getEncoded();
        return switch (matching) {
            case 0 -> selected;
            case 1 -> MessageDigest.getInstance("SHA-256").digest(selected);
            default -> MessageDigest.getInstance("SHA-512").digest(selected);
        };
    }

    static Stream<Arguments> everyCombination() {
        List<Arguments> all = new ArrayList<>();
        for (int usage = 0; usage <= 3; usage++) {
            for (int selector = 0; selector <= 1; selector++) {
                for (int matching = 0; matching <= 2; matching++) {
                    all.add(Arguments.of(usage, selector, matching));
                }
            }
        }
        return all.stream();
    }

    private static TlsaVerdict evaluate(TlsaRecord r, List<X509Certificate> chain, Instant at, String... targets) {
        return matcher.evaluate(List.of(r), chain, "dane.test", List.of(targets), Direction.OUTBOUND, at);
    }

    @ParameterizedTest(name = "usage {0} selector {1} matching {2}")
    @MethodSource("everyCombination")
    void aMatchingRecordAuthenticatesRfc6698Section21(int usage, int selector, int matching) throws Exception {
        // TA usages (0, 2) name the CA, EE usages (1, 3) the server's own certificate
        X509Certificate target = usage % 2 == 0 ? CA.certificate() : CERT.certificate();
        TlsaVerdict v = evaluate(new TlsaRecord(usage, selector, matching, data(target, selector, matching)),
                CERT.chain(), Instant.now());
        assertTrue(v.matched(), v.reason());
    }

    @ParameterizedTest(name = "usage {0} selector {1} matching {2}")
    @MethodSource("everyCombination")
    void aRecordForAnotherCertificateMatchesNothingRfc6698Section21(int usage, int selector, int matching)
            throws Exception {
        X509Certificate other = usage % 2 == 0 ? ROGUE.certificate() : STRANGER.certificate();
        TlsaVerdict v = evaluate(new TlsaRecord(usage, selector, matching, data(other, selector, matching)),
                CERT.chain(), Instant.now());
        assertTrue(v.usable());
        assertFalse(v.matched(), v.reason());
    }

    @Test
    void daneEeIgnoresNamesAndExpiryRfc7671Section51AndRfc7673Section42() throws Exception {
        IssuedCertificate odd = ROGUE.issue("elsewhere.test").dnsName("elsewhere.test")
                .validity(Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1))).build();
        TlsaVerdict v = evaluate(new TlsaRecord(3, 1, 1, data(odd.certificate(), 1, 1)), odd.chain(), Instant.now());
        assertTrue(v.matched(), v.reason());
    }

    @Test
    void daneTaRequiresTheServiceDomainOrTheSecureSrvTargetRfc7673Section41() throws Exception {
        IssuedCertificate hosted = CA.issue("xmpp.hosting.test").dnsName("xmpp.hosting.test").build();
        TlsaRecord ta = new TlsaRecord(2, 1, 1, data(CA.certificate(), 1, 1));
        TlsaVerdict withoutTarget = evaluate(ta, hosted.chain(), Instant.now());
        assertFalse(withoutTarget.matched());
        assertTrue(withoutTarget.reason().contains("names"), withoutTarget.reason());
        assertTrue(evaluate(ta, hosted.chain(), Instant.now(), "xmpp.hosting.test").matched());
    }

    @Test
    void daneTaChecksValidityRfc7671Section52() throws Exception {
        TlsaRecord ta = new TlsaRecord(2, 0, 1, data(CA.certificate(), 0, 1));
        assertFalse(evaluate(ta, CERT.chain(), CERT.certificate().getNotAfter().toInstant().plus(Duration.ofDays(1))).matched());
    }

    @Test
    void daneTaNeedsTheCaInThePresentedChainRfc7671Section52() throws Exception {
        TlsaRecord ta = new TlsaRecord(2, 0, 1, data(CA.certificate(), 0, 1));
        TlsaVerdict v = evaluate(ta, List.of(CERT.certificate()), Instant.now());
        assertFalse(v.matched());
        assertTrue(v.reason().contains("no CA certificate"), v.reason());
    }

    @Test
    void pkixUsagesAlsoRequirePkixTrustRfc6698Section211() throws Exception {
        TlsaRecord ee = new TlsaRecord(1, 1, 1, data(STRANGER.certificate(), 1, 1));
        TlsaVerdict v = evaluate(ee, STRANGER.chain(), Instant.now());
        assertFalse(v.matched());
        assertTrue(v.reason().contains("fails PKIX"), v.reason());
    }

    @Test
    void unknownUsageSelectorOrMatchingTypeIsUnusableRfc6698Section41() throws Exception {
        List<TlsaRecord> odd = List.of(new TlsaRecord(4, 1, 1, new byte[32]), new TlsaRecord(3, 2, 1, new byte[32]),
                new TlsaRecord(3, 1, 3, new byte[32]));
        TlsaVerdict v = matcher.evaluate(odd, CERT.chain(), "dane.test", List.of(), Direction.OUTBOUND, Instant.now());
        assertFalse(v.usable(), v.reason());
        assertFalse(v.matched());
    }

    @Test
    void oneMatchingRecordAmongSeveralIsEnough() throws Exception {
        List<TlsaRecord> rrset = List.of(new TlsaRecord(3, 1, 1, new byte[32]), new TlsaRecord(9, 9, 9, new byte[1]),
                new TlsaRecord(3, 1, 2, data(CERT.certificate(), 1, 2)));
        assertTrue(matcher.evaluate(rrset, CERT.chain(), "dane.test", List.of(), Direction.OUTBOUND, Instant.now())
                .matched());
    }

    /** A matcher that trusts both the lab CA and {@code other}: two publicly trusted CAs. */
    private static TlsaMatcher trustingAlso(TestCa other) {
        return new TlsaMatcher(Set.of(new TrustAnchor(CA.certificate(), null), new TrustAnchor(other.certificate(),
                null)), new ChainValidator(false, false));
    }

    @Test
    void pkixTaNamingAnotherTrustedCaIsNoPinRfc6698Section211AndRfc7673Section42() throws Exception {
        TestCa other = TestCa.create("TLSA other trusted CA");
        TlsaRecord pin = new TlsaRecord(0, 1, 1, data(other.certificate(), 1, 1));
        TlsaVerdict v = trustingAlso(other).evaluate(List.of(pin), CERT.chain(), "dane.test", List.of(),
                Direction.OUTBOUND, Instant.now());
        assertTrue(v.usable());
        assertFalse(v.matched(), "a chain to the lab CA must not satisfy a pin on another trusted CA: " + v.reason());
        assertTrue(v.reason().contains("validated certification path"), v.reason());
    }

    @Test
    void pkixTaNamingACertificateThePeerOnlyAppendedIsNoPinRfc6698Section211() throws Exception {
        TestCa other = TestCa.create("TLSA appended CA");
        TlsaRecord pin = new TlsaRecord(0, 0, 1, data(other.certificate(), 0, 1));
        List<X509Certificate> padded = new ArrayList<>(CERT.chain());
        padded.add(other.certificate());
        TlsaVerdict v = trustingAlso(other).evaluate(List.of(pin), padded, "dane.test", List.of(),
                Direction.OUTBOUND, Instant.now());
        assertFalse(v.matched(), "an appended certificate outside the validated path is no pin: " + v.reason());
    }

    @Test
    void pkixTaMatchesTheAnchorOfTheBuiltPathEvenWhenThePeerOmitsItRfc6698Section211() throws Exception {
        TestCa other = TestCa.create("TLSA second trusted CA");
        TlsaRecord pin = new TlsaRecord(0, 1, 2, data(CA.certificate(), 1, 2));
        TlsaVerdict v = trustingAlso(other).evaluate(List.of(pin), List.of(CERT.certificate()), "dane.test",
                List.of(), Direction.OUTBOUND, Instant.now());
        assertTrue(v.matched(), v.reason());
    }

    @Test
    void pkixEeNamingAnotherCertificateOfTheChainIsNoPinRfc6698Section211() throws Exception {
        TlsaRecord pin = new TlsaRecord(1, 1, 1, data(CA.certificate(), 1, 1));
        TlsaVerdict v = evaluate(pin, CERT.chain(), Instant.now());
        assertFalse(v.matched(), v.reason());
    }

    @Test
    void daneTaNamingAnAppendedCertificateThatIssuesNothingIsNoMatchRfc7671Section52() throws Exception {
        TestCa other = TestCa.create("TLSA unrelated CA");
        TlsaRecord ta = new TlsaRecord(2, 1, 1, data(other.certificate(), 1, 1));
        List<X509Certificate> padded = new ArrayList<>(CERT.chain());
        padded.add(other.certificate());
        TlsaVerdict v = evaluate(ta, padded, Instant.now());
        assertFalse(v.matched(), "the DANE-TA certificate must issue the presented chain: " + v.reason());
    }

    @Test
    void daneTaFindsItsCaAnywhereInThePresentedChainRfc7671Section52() throws Exception {
        TestCa other = TestCa.create("TLSA padding CA");
        TlsaRecord ta = new TlsaRecord(2, 1, 1, data(CA.certificate(), 1, 1));
        List<X509Certificate> shuffled = List.of(CERT.certificate(), other.certificate(), CA.certificate());
        TlsaVerdict v = evaluate(ta, shuffled, Instant.now());
        assertTrue(v.matched(), v.reason());
    }

    @Test
    @DisplayName("RFC 7671 §5.2.2: DANE-TA refuses a chain 'issued' by an end entity of the matching CA")
    void daneTaRefusesAChainThroughAnEndEntityRfc7671Section522() throws Exception {
        IssuedCertificate anyCustomer = CA.issue("customer.test").dnsName("customer.test").build();
        List<X509Certificate> forged = ForgedCertificates.signedByEndEntity(anyCustomer, "dane.test");
        TlsaRecord ta = new TlsaRecord(2, 1, 1, data(CA.certificate(), 1, 1));
        TlsaVerdict v = evaluate(ta, forged, Instant.now());
        assertTrue(v.usable());
        assertFalse(v.matched(), "a signature chain through a cA=false certificate is no path: " + v.reason());
        assertTrue(v.reason().contains("does not validate up to the matching CA"), v.reason());
    }

    @Test
    @DisplayName("RFC 7673 §4: no certificate is no match, and no exception")
    void anEmptyChainMatchesNothing() throws Exception {
        TlsaVerdict v = matcher.evaluate(List.of(new TlsaRecord(3, 1, 1, new byte[32])), List.of(), "dane.test",
                List.of(), Direction.OUTBOUND, Instant.now());
        assertFalse(v.matched());
        assertTrue(v.usable());
    }

    @Test
    @DisplayName("RFC 6698 §2.1.2, §2.1.3: association data for every selector and matching type; unknown ones have none")
    void associationDataCoversEverySelectorAndMatchingTypeOfRfc6698Section21() throws Exception {
        X509Certificate c = CERT.certificate();
        assertArrayEquals(c.getEncoded(), TlsaSelection.associationData(c, 0, 0));
        assertArrayEquals(c.getPublicKey().getEncoded(), TlsaSelection.associationData(c, 1, 0));
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(c.getPublicKey().getEncoded()),
                TlsaSelection.associationData(c, 1, 1));
        assertArrayEquals(MessageDigest.getInstance("SHA-512").digest(c.getEncoded()),
                TlsaSelection.associationData(c, 0, 2));
        assertNull(TlsaSelection.associationData(c, 7, 1), "unknown selector");
        assertNull(TlsaSelection.associationData(c, 1, 9), "unknown matching type");
    }
}
