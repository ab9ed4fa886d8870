package dev.portcullis.checker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TLSARecord;

/** TLSA matching (RFC 6698 §2.1) with the usage rules of RFC 7671 §5 as RFC 7673 §4.2 applies them. */
class DaneCheckTest {
    private static final TestCa CA = TestCa.create("dane test CA");
    private static final IssuedCertificate LEAF = CA.issue("example.test").dnsName("example.test").build();
    private static final List<X509Certificate> CHAIN = LEAF.chain();

    private static TLSARecord tlsa(int usage, int selector, int matching, byte[] data) throws Exception {
        return new TLSARecord(Name.fromString("_5269._tcp.xmpp.example.test."), DClass.IN, 300, usage, selector,
                matching, data);
    }

    @Test
    void associationDataCoversEverySelectorAndMatchingTypeOfRfc6698Section21() throws Exception {
        X509Certificate c = LEAF.certificate();
        assertArrayEquals(c.getEncoded(), DaneCheck.associationData(c, 0, 0));
        assertArrayEquals(c.getPublicKey().getEncoded(), DaneCheck.associationData(c, 1, 0));
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(c.getPublicKey().getEncoded()),
                DaneCheck.associationData(c, 1, 1));
        assertArrayEquals(MessageDigest.getInstance("SHA-512").digest(c.getEncoded()),
                DaneCheck.associationData(c, 0, 2));
        assertNull(DaneCheck.associationData(c, 7, 1), "unknown selector");
        assertNull(DaneCheck.associationData(c, 1, 9), "unknown matching type");
    }

    @Test
    void daneEeMatchesWithoutNameOrPkixChecksUnderRfc7671Section51() throws Exception {
        byte[] spki = MessageDigest.getInstance("SHA-256").digest(LEAF.certificate().getPublicKey().getEncoded());
        assertNull(DaneCheck.matches(tlsa(3, 1, 1, spki), CHAIN, false, false));
    }

    @Test
    void daneTaNeedsTheNameCheckUnderRfc7673Section42() throws Exception {
        byte[] ca = MessageDigest.getInstance("SHA-256").digest(CA.certificate().getEncoded());
        assertNull(DaneCheck.matches(tlsa(2, 0, 1, ca), CHAIN, false, true));
        assertNotNull(DaneCheck.matches(tlsa(2, 0, 1, ca), CHAIN, false, false));
    }

    @Test
    void pkixEeAlsoNeedsPkixValidationUnderRfc7671() throws Exception {
        byte[] full = LEAF.certificate().getEncoded();
        assertNotNull(DaneCheck.matches(tlsa(1, 0, 0, full), CHAIN, false, true));
        assertNull(DaneCheck.matches(tlsa(1, 0, 0, full), CHAIN, true, true));
    }

    @Test
    void aRecordForAnotherKeyDoesNotMatch() throws Exception {
        IssuedCertificate other = CA.issue("example.test").build();
        byte[] spki = MessageDigest.getInstance("SHA-256").digest(other.certificate().getPublicKey().getEncoded());
        assertNotNull(DaneCheck.matches(tlsa(3, 1, 1, spki), CHAIN, true, true));
    }

    @Test
    void aTaRecordForACertificateTheServerMerelyAppendedDoesNotMatchRfc6698Section211() throws Exception {
        TestCa unrelated = TestCa.create("appended CA");
        List<X509Certificate> padded = List.of(LEAF.certificate(), CA.certificate(), unrelated.certificate());
        byte[] pin = MessageDigest.getInstance("SHA-256").digest(unrelated.certificate().getEncoded());
        assertNotNull(DaneCheck.matches(tlsa(2, 0, 1, pin), padded, true, true), "DANE-TA (RFC 7671 §5.2)");
        assertNotNull(DaneCheck.matches(tlsa(0, 0, 1, pin), padded, true, true), "PKIX-TA (RFC 6698 §2.1.1)");
        byte[] ca = MessageDigest.getInstance("SHA-256").digest(CA.certificate().getEncoded());
        assertNull(DaneCheck.matches(tlsa(2, 0, 1, ca), padded, true, true), "the real issuer still matches");
    }
}
