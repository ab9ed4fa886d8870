package dev.portcullis.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.dna.core.dane.TlsaMatcher;
import dev.portcullis.dna.core.dns.DnsAnswer;
import dev.portcullis.dna.core.pkix.ChainValidator;
import dev.portcullis.testkit.ForgedCertificates;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import java.security.MessageDigest;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TLSARecord;

/**
 * The checker's reading of one TLSA answer (RFC 7673 §3.3, §4): DNSSEC gates it, the host's own matcher (dna-core,
 * covered by its TlsaMatcherTest) judges the records.
 */
class DaneCheckTest {
    private static final String OWNER = "_5269._tcp.xmpp.example.test";
    private static final TestCa CA = TestCa.create("dane test CA");
    private static final IssuedCertificate LEAF = CA.issue("example.test").dnsName("example.test").build();
    private static final TlsaMatcher MATCHER = new TlsaMatcher(Set.of(), new ChainValidator(false, false));

    private static TLSARecord tlsa(int usage, int selector, int matching, byte[] data) throws Exception {
        return new TLSARecord(Name.fromString(OWNER + "."), DClass.IN, 300, usage, selector, matching, data);
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static DaneFacts judge(DnssecStatus status, List<X509Certificate> chain, TLSARecord... records) {
        DnsAnswer answer = new DnsAnswer(status, Rcode.NOERROR, List.of(records), Instant.EPOCH, null);
        return DaneCheck.judge(OWNER, answer, chain, MATCHER, "example.test", List.of("xmpp.example.test"),
                Instant.now());
    }

    @Test
    @DisplayName("RFC 7671 §5.1: a secure DANE-EE record matches; the report names the record as DNS presents it")
    void secureDaneEeMatches() throws Exception {
        TLSARecord ee = tlsa(3, 1, 1, sha256(LEAF.certificate().getPublicKey().getEncoded()));
        DaneFacts f = judge(DnssecStatus.SECURE, LEAF.chain(), ee);
        assertEquals(DaneFacts.Status.MATCH, f.status(), f.detail());
        assertEquals(ee.rdataToString(), f.matched());
    }

    @Test
    @DisplayName("RFC 7673 §3.3: insecure TLSA records are ignored; RFC 4035 §5.5: bogus ones are reported as bogus")
    void dnssecGatesTheRecords() throws Exception {
        TLSARecord ee = tlsa(3, 1, 1, sha256(LEAF.certificate().getPublicKey().getEncoded()));
        assertEquals(DaneFacts.Status.NOT_SECURE, judge(DnssecStatus.INSECURE, LEAF.chain(), ee).status());
        assertEquals(DaneFacts.Status.BOGUS, judge(DnssecStatus.BOGUS, LEAF.chain()).status());
    }

    @Test
    @DisplayName("RFC 7671 §5.2.2: DANE-TA does not match a chain that only signature-links to the CA through an end entity")
    void daneTaRefusesAForgedChain() throws Exception {
        IssuedCertificate customer = CA.issue("customer.test").dnsName("customer.test").build();
        List<X509Certificate> forged = ForgedCertificates.signedByEndEntity(customer, "example.test");
        DaneFacts f = judge(DnssecStatus.SECURE, forged, tlsa(2, 0, 1, sha256(CA.certificate().getEncoded())));
        assertEquals(DaneFacts.Status.MISMATCH, f.status(), f.detail());
    }

    @Test
    @DisplayName("RFC 7671 §5.2: DANE-TA validates the end entity's dates; an expired certificate does not match")
    void daneTaRefusesAnExpiredEndEntity() throws Exception {
        IssuedCertificate expired = CA.issue("example.test").dnsName("example.test")
                .validity(Instant.now().minus(Duration.ofDays(3)), Instant.now().minus(Duration.ofDays(1))).build();
        DaneFacts f = judge(DnssecStatus.SECURE, expired.chain(), tlsa(2, 0, 1, sha256(CA.certificate().getEncoded())));
        assertEquals(DaneFacts.Status.MISMATCH, f.status(), f.detail());
    }

    @Test
    @DisplayName("RFC 7673 §4.1, RFC 6698 §4.1: an RRset of only unusable records counts as none, as for the host")
    void onlyUnusableRecordsCountAsNone() throws Exception {
        DaneFacts f = judge(DnssecStatus.SECURE, LEAF.chain(), tlsa(4, 1, 1, new byte[32]), tlsa(3, 7, 1,
                new byte[32]));
        assertEquals(DaneFacts.Status.NONE, f.status(), f.detail());
    }
}
