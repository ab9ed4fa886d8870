package dev.portcullis.dna.core.dns;

import dev.portcullis.api.dna.DnssecStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Rcode;

/**
 * One validated DNS answer: the RRset asked for, its DNSSEC status as the validator judged it
 * (RFC 4035 §4.3) and, when bogus or indeterminate, why.
 *
 * @param status   secure (AD bit set by the validator), insecure, bogus (SERVFAIL from the validator) or
 *                 indeterminate (no answer)
 * @param rcode    the DNS response code, -1 when no response arrived
 * @param records  the answer records of the queried type (CNAMEs followed by the server are not included)
 * @param expires  when a cache must forget this answer (its TTL)
 * @param reason   the validator's extended error (RFC 8914) and reason, or the transport failure; {@code null}
 *                 when secure or insecure
 */
public record DnsAnswer(DnssecStatus status, int rcode, List<org.xbill.DNS.Record> records, Instant expires,
                        String reason) {
    public DnsAnswer {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(expires, "expires");
        records = List.copyOf(records);
    }

    /** True when the answer proves the name or type absent (NXDOMAIN or NODATA). */
    public boolean noRecords() {
        return (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) && records.isEmpty();
    }

    /** True when the lookup failed for a reason other than "no records" (RFC 7673 §3.1). */
    public boolean failed() {
        return status == DnssecStatus.BOGUS || status == DnssecStatus.INDETERMINATE;
    }

    /** Status plus reason for an administrator. */
    public String describe() {
        return reason == null ? status.toString() : status + " (" + reason + ")";
    }
}
