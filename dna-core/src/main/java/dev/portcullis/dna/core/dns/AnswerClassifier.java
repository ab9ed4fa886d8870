package dev.portcullis.dna.core.dns;

import dev.portcullis.api.dna.DnssecStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * Reads the {@link ValidatingResolver}'s verdict from its response: it sets the AD bit only on answers it
 * validated (RFC 4035 §3.2.3), and answers a bogus lookup with SERVFAIL carrying an extended DNS error
 * (RFC 8914) and a reason TXT record in class {@link ValidatingResolver#VALIDATION_REASON_QCLASS}.
 */
public final class AnswerClassifier {
    private static final Duration NEGATIVE_DEFAULT = Duration.ofSeconds(60);

    private AnswerClassifier() {
    }

    public static DnsAnswer classify(Message response, int type, Instant now, Duration maxTtl) {
        int rcode = response.getRcode();
        List<org.xbill.DNS.Record> records = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (org.xbill.DNS.Record r : response.getSection(Section.ANSWER)) {
            if (r.getType() == type) {
                records.add(r);
                ttl = Math.min(ttl, r.getTTL());
            }
        }
        if (records.isEmpty()) {
            // negative caching per RFC 2308 §5: the lower of the SOA TTL and its minimum field
            ttl = NEGATIVE_DEFAULT.toSeconds();
            for (org.xbill.DNS.Record r : response.getSection(Section.AUTHORITY)) {
                if (r instanceof SOARecord soa) {
                    ttl = Math.min(soa.getTTL(), soa.getMinimum());
                }
            }
        }
        Instant expires = now.plusSeconds(Math.min(ttl, maxTtl.toSeconds()));
        String reason = reason(response);
        if (rcode == Rcode.SERVFAIL) {
            boolean validatorSpoke = reason != null;
            return new DnsAnswer(validatorSpoke ? DnssecStatus.BOGUS : DnssecStatus.INDETERMINATE, rcode, List.of(),
                    now, validatorSpoke ? reason : "the DNS server answered SERVFAIL");
        }
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            return new DnsAnswer(DnssecStatus.INDETERMINATE, rcode, List.of(), now,
                    "the DNS server answered " + Rcode.string(rcode));
        }
        DnssecStatus status = response.getHeader().getFlag(Flags.AD) ? DnssecStatus.SECURE : DnssecStatus.INSECURE;
        return new DnsAnswer(status, rcode, records, expires, null);
    }

    /** The extended DNS error (RFC 8914) and the validator's reason text, or {@code null}. */
    public static String reason(Message response) {
        List<String> parts = new ArrayList<>();
        OPTRecord opt = response.getOPT();
        if (opt != null) {
            for (EDNSOption o : opt.getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR)) {
                if (o instanceof ExtendedErrorCodeOption ede) {
                    String text = ExtendedErrorCodeOption.text(ede.getErrorCode());
                    parts.add("EDE " + ede.getErrorCode() + " " + (text == null ? "" : text)
                            + (ede.getText() == null || ede.getText().isEmpty() ? "" : ": " + ede.getText()));
                }
            }
        }
        for (org.xbill.DNS.Record r : response.getSection(Section.ADDITIONAL)) {
            if (r.getType() == Type.TXT && r.getDClass() == ValidatingResolver.VALIDATION_REASON_QCLASS) {
                parts.add(String.join(" ", ((TXTRecord) r).getStrings()));
            }
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }
}
