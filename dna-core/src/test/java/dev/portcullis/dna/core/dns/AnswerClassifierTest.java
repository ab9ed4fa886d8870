package dev.portcullis.dna.core.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.dna.DnssecStatus;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/** The one reading of a validating resolver's response, for the verifier's locator and the checker alike. */
class AnswerClassifierTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration MAX_TTL = Duration.ofHours(1);

    private static Message response(int rcode, boolean ad) throws Exception {
        Message m = Message.newQuery(org.xbill.DNS.Record.newRecord(Name.fromString("a.test."), Type.A, DClass.IN));
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setRcode(rcode);
        if (ad) {
            m.getHeader().setFlag(Flags.AD);
        }
        return m;
    }

    private static ARecord a(long ttl) throws Exception {
        return new ARecord(Name.fromString("a.test."), DClass.IN, ttl, InetAddress.getByName("127.0.0.2"));
    }

    @Test
    @DisplayName("RFC 4035 §3.2.3: the validator's AD bit makes an answer secure; its records and lowest TTL are kept")
    void adBitMeansSecure() throws Exception {
        Message m = response(Rcode.NOERROR, true);
        m.addRecord(a(300), Section.ANSWER);
        m.addRecord(a(120), Section.ANSWER);
        DnsAnswer answer = AnswerClassifier.classify(m, Type.A, NOW, MAX_TTL);
        assertEquals(DnssecStatus.SECURE, answer.status());
        assertEquals(2, answer.records().size());
        assertEquals(NOW.plusSeconds(120), answer.expires());
        assertNull(answer.reason());
    }

    @Test
    @DisplayName("RFC 4035 §4.3: an answer without AD is insecure, never secure")
    void noAdBitMeansInsecure() throws Exception {
        Message m = response(Rcode.NOERROR, false);
        m.addRecord(a(300), Section.ANSWER);
        assertEquals(DnssecStatus.INSECURE, AnswerClassifier.classify(m, Type.A, NOW, MAX_TTL).status());
    }

    @Test
    @DisplayName("RFC 4035 §5.5, RFC 8914: SERVFAIL with the validator's extended error and reason is bogus")
    void servfailWithValidatorReasonIsBogus() throws Exception {
        Message m = response(Rcode.SERVFAIL, false);
        OPTRecord opt = new OPTRecord(1232, 0, 0, 0,
                List.of(new ExtendedErrorCodeOption(ExtendedErrorCodeOption.DNSSEC_BOGUS, "")));
        m.addRecord(opt, Section.ADDITIONAL);
        m.addRecord(new TXTRecord(Name.root, ValidatingResolver.VALIDATION_REASON_QCLASS, 0, "signature expired"),
                Section.ADDITIONAL);
        DnsAnswer answer = AnswerClassifier.classify(m, Type.A, NOW, MAX_TTL);
        assertEquals(DnssecStatus.BOGUS, answer.status());
        assertEquals("EDE 6 DNSSEC_BOGUS; signature expired", answer.reason());
        assertTrue(answer.failed());
        assertEquals(List.of(), answer.records());
    }

    @Test
    @DisplayName("A SERVFAIL the validator did not explain, or REFUSED, is indeterminate: no proof either way")
    void unexplainedFailureIsIndeterminate() throws Exception {
        DnsAnswer servfail = AnswerClassifier.classify(response(Rcode.SERVFAIL, false), Type.A, NOW, MAX_TTL);
        assertEquals(DnssecStatus.INDETERMINATE, servfail.status());
        assertEquals("the DNS server answered SERVFAIL", servfail.reason());
        DnsAnswer refused = AnswerClassifier.classify(response(Rcode.REFUSED, true), Type.A, NOW, MAX_TTL);
        assertEquals(DnssecStatus.INDETERMINATE, refused.status());
        assertEquals("the DNS server answered REFUSED", refused.reason());
    }

    @Test
    @DisplayName("RFC 2308 §5: a signed NXDOMAIN is a secure denial, cached for the SOA minimum")
    void secureDenialUsesSoaMinimum() throws Exception {
        Message m = response(Rcode.NXDOMAIN, true);
        m.addRecord(new SOARecord(Name.fromString("test."), DClass.IN, 900, Name.fromString("ns.test."),
                Name.fromString("admin.test."), 1, 3600, 600, 86400, 30), Section.AUTHORITY);
        DnsAnswer answer = AnswerClassifier.classify(m, Type.A, NOW, MAX_TTL);
        assertEquals(DnssecStatus.SECURE, answer.status());
        assertTrue(answer.noRecords());
        assertEquals(NOW.plusSeconds(30), answer.expires());
    }

    @Test
    @DisplayName("RFC 7673 §3: a chain of lookups is as weak as its weakest answer")
    void weakestStatusWins() {
        assertEquals(DnssecStatus.BOGUS, DnssecStatuses.weakest(DnssecStatus.SECURE, DnssecStatus.BOGUS));
        assertEquals(DnssecStatus.INDETERMINATE, DnssecStatuses.weakest(DnssecStatus.INDETERMINATE,
                DnssecStatus.INSECURE));
        assertEquals(DnssecStatus.INSECURE, DnssecStatuses.weakest(DnssecStatus.SECURE, DnssecStatus.INSECURE));
        assertEquals(DnssecStatus.SECURE, DnssecStatuses.weakest(DnssecStatus.SECURE, DnssecStatus.SECURE));
    }
}
