package dev.portcullis.checker;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.api.dna.TlsaRecord;
import dev.portcullis.dna.core.dane.TlsaMatcher;
import dev.portcullis.dna.core.dane.TlsaVerdict;
import dev.portcullis.dna.core.dns.DnsAnswer;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.Type;

/**
 * DANE for an XMPP endpoint (RFC 7673): TLSA at {@code _port._tcp.<SRV target>} (§3.3), used only when the SRV
 * answer (§3.1) and the TLSA answer are DNSSEC-secure. The records are judged by the host's own matcher
 * ({@link TlsaMatcher} in dna-core): DANE-EE(3) needs no name check, DANE-TA(2) a chain that validates up to the
 * matching CA and names the domain (RFC 7671 §5.2), PKIX-TA(0)/PKIX-EE(1) also PKIX validation (RFC 6698 §2.1.1).
 */
final class DaneCheck {
    private DaneCheck() {
    }

    static DaneFacts check(Dns dns, Endpoint endpoint, List<X509Certificate> chain, TlsaMatcher matcher,
            String domain, Instant at) {
        if (dns == null) {
            return new DaneFacts(DaneFacts.Status.NOT_CHECKED, null, List.of(), null, "no DNS used");
        }
        String owner = "_" + endpoint.port() + "._tcp." + endpoint.host();
        if (endpoint.dnssec() != DnssecStatus.SECURE) {
            return new DaneFacts(DaneFacts.Status.NOT_CHECKED, owner, List.of(), null,
                    "the SRV answer is " + endpoint.dnssec().name().toLowerCase(Locale.ROOT)
                            + ", so TLSA is not used (RFC 7673 §3.1)");
        }
        return judge(owner, dns.query(owner, Type.TLSA), chain, matcher, domain, List.of(endpoint.host()), at);
    }

    /**
     * One TLSA answer against the served chain.
     *
     * @param targets the secure SRV target, a further reference identifier (RFC 7673 §4.1)
     */
    static DaneFacts judge(String owner, DnsAnswer a, List<X509Certificate> chain, TlsaMatcher matcher,
            String domain, List<String> targets, Instant at) {
        List<String> records = a.records().stream().map(r -> r.rdataToString()).toList();
        if (a.status() == DnssecStatus.BOGUS) {
            return new DaneFacts(DaneFacts.Status.BOGUS, owner, records, null, Dns.detail(a));
        }
        if (a.records().isEmpty()) {
            return new DaneFacts(DaneFacts.Status.NONE, owner, records, null,
                    a.status() == DnssecStatus.INDETERMINATE ? Dns.detail(a) : "no TLSA records");
        }
        if (a.status() != DnssecStatus.SECURE) {
            return new DaneFacts(DaneFacts.Status.NOT_SECURE, owner, records, null,
                    "TLSA records are " + a.status().name().toLowerCase(Locale.ROOT)
                            + " and must be ignored (RFC 7673 §3.3)");
        }
        List<TlsaRecord> tlsa = a.records().stream().map(TLSARecord.class::cast).map(t -> new TlsaRecord(t.getCertificateUsage(), t.getSelector(), t.getMatchingType(),
                        t.getCertificateAssociationData()))
                .toList();
        // the checker is an initiating server: its certificate checks are the host's outbound ones
        TlsaVerdict v = matcher.evaluate(tlsa, chain, domain, targets, Direction.OUTBOUND, at);
        if (v.matched()) {
            return new DaneFacts(DaneFacts.Status.MATCH, owner, records, records.get(tlsa.indexOf(v.record())),
                    v.reason() + " (" + v.section() + ")");
        }
        // RFC 7673 §4.1, RFC 6698 §4.1: an RRset of only unusable records counts as none, as for the host
        return new DaneFacts(v.usable() ? DaneFacts.Status.MISMATCH : DaneFacts.Status.NONE, owner, records, null,
                v.reason() + " (" + v.section() + ")");
    }
}
