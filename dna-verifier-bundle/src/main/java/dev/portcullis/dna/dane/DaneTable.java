package dev.portcullis.dna.dane;

import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.api.dna.Endpoint;
import dev.portcullis.api.dna.EndpointSource;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.dna.core.dane.TlsaVerdict;
import dev.portcullis.dna.locator.SkippedTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The DANE decision table of {@code docs/DANE.md} (RFC 7673 §3, §4; RFC 7712 §5.1), one implementation for both
 * directions: outbound judges the endpoint connected to, inbound the initiating domain's SRV targets. Every row
 * is a fact about the DNS answers; the same fact has the same outcome in either direction, and anything DNSSEC
 * could not settle fails closed. The rows a prooftype cannot see (DANE timed out, failed or is not installed) are
 * the verifier's, in {@code Decision}.
 */
final class DaneTable {
    private DaneTable() {
    }

    /** One row of docs/DANE.md: its id, the fact, the outcome and the clause. */
    enum Row {
        R1("static route: no DNS answer was used", ProofStatus.NOT_APPLICABLE, "RFC 7673 §3"),
        R2("SRV RRset bogus", ProofStatus.DISPROVEN, "RFC 7673 §3.1"),
        R3("SRV lookup indeterminate, failed or timed out", ProofStatus.DISPROVEN, "RFC 7673 §3.1"),
        R4("SRV or address records insecure (or no secure target)", ProofStatus.NOT_APPLICABLE,
                "RFC 7673 §3.1, §3.2"),
        R5("a target's address or TLSA lookup bogus, indeterminate or timed out, and no target proves the "
                + "certificate", ProofStatus.DISPROVEN, "RFC 7673 §3.2, §3.4"),
        R6("TLSA RRset insecure", ProofStatus.NOT_APPLICABLE, "RFC 7673 §3.4"),
        R7("TLSA secure but no usable record (none, or unknown usages/selectors/matching types)",
                ProofStatus.NOT_APPLICABLE, "RFC 7673 §4.1, RFC 6698 §4.1"),
        R8("TLSA secure and usable, a record matches", ProofStatus.PROVEN, "RFC 7673 §4.2"),
        R9("TLSA secure and usable, no record matches", ProofStatus.DISPROVEN, "RFC 7673 §4.2"),
        R10("no certificate presented", ProofStatus.NOT_APPLICABLE, "RFC 7673 §4");

        final String fact;
        final ProofStatus status;
        final String clause;

        Row(String fact, ProofStatus status, String clause) {
            this.fact = fact;
            this.status = status;
            this.clause = clause;
        }
    }

    /** The row that decided and the details an administrator needs (which target, which record). */
    record Verdict(Row row, String detail) {
        ProofStatus status() {
            return row.status;
        }
    }

    /**
     * @param domain    the peer domain
     * @param srvStatus the DNSSEC status of the SRV lookup (outbound: of the endpoint's SRV → address chain)
     * @param problem   why the SRV lookup failed, or {@code null}
     * @param endpoints the targets to judge (outbound: the one connected to)
     * @param skipped   targets the locator refused (inbound; outbound the host never connects to them)
     * @param tlsa      the TLSA matcher for one endpoint's secure records
     */
    static Verdict judge(String domain, DnssecStatus srvStatus, String problem, List<Endpoint> endpoints,
                         List<SkippedTarget> skipped, Function<Endpoint, TlsaVerdict> tlsa) {
        if (!endpoints.isEmpty() && skipped.isEmpty()
                && endpoints.stream().allMatch(e -> e.source() == EndpointSource.STATIC)) {
            // the administrator routed this peer by hand: no DNS answer was used, so there are no records to check
            return new Verdict(Row.R1, domain + " is reached by a static route; DANE has no DNS answer to check");
        }
        if (srvStatus == DnssecStatus.BOGUS) {
            return new Verdict(Row.R2, "the SRV records of " + domain + " are bogus" + (problem == null ? ""
                    : ": " + problem));
        }
        if (srvStatus == DnssecStatus.INDETERMINATE) {
            return new Verdict(Row.R3, "the SRV lookup for " + domain + " could not be validated" + (problem == null
                    ? "" : ": " + problem) + "; check dns.servers and dns.trust-anchors");
        }
        List<String> mismatches = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Row notApplicable = Row.R4;
        for (Endpoint e : endpoints) {
            String where = "_" + e.port() + "._tcp." + e.host();
            if (e.source() == EndpointSource.STATIC) {
                continue;
            }
            if (e.dnssec() == DnssecStatus.BOGUS || e.dnssec() == DnssecStatus.INDETERMINATE
                    || e.tlsaStatus() == DnssecStatus.BOGUS || e.tlsaStatus() == DnssecStatus.INDETERMINATE) {
                failures.add("TLSA at " + where + " is " + e.tlsaStatus() + " (address records " + e.dnssec() + ")");
                continue;
            }
            if (e.dnssec() != DnssecStatus.SECURE) {
                continue; // R4: no TLSA lookup for an insecure target (RFC 7673 §3.2)
            }
            if (e.tlsaStatus() != DnssecStatus.SECURE) {
                notApplicable = notApplicable == Row.R7 ? Row.R7 : Row.R6;
                continue;
            }
            if (e.tlsa().isEmpty()) {
                notApplicable = Row.R7;
                continue;
            }
            TlsaVerdict v = tlsa.apply(e);
            if (v.matched()) {
                return new Verdict(Row.R8, "TLSA at " + where + ": " + v.reason() + " (" + v.section() + ")");
            }
            if (v.usable()) {
                mismatches.add("TLSA at " + where + ": " + v.reason());
            } else {
                notApplicable = Row.R7;
            }
        }
        for (SkippedTarget s : skipped) {
            if (s.status() == DnssecStatus.BOGUS || s.status() == DnssecStatus.INDETERMINATE) {
                failures.add("target " + s.host() + ":" + s.port() + " is " + s.status() + ": " + s.reason());
            }
        }
        if (!mismatches.isEmpty()) {
            mismatches.addAll(failures);
            return new Verdict(Row.R9, "DANE refuses the certificate of " + domain + ": " + String.join("; ", mismatches)
                    + ". If " + domain + " changed its certificate, its administrator must publish matching TLSA "
                    + "records first.");
        }
        if (!failures.isEmpty()) {
            return new Verdict(Row.R5, "DANE cannot check " + domain + " and fails closed: " + String.join("; ",
                    failures));
        }
        return new Verdict(notApplicable, switch (notApplicable) {
            case R6 -> "the TLSA records of " + domain + "'s targets are not signed";
            case R7 -> "no usable TLSA record for " + domain + "; PKIX names decide (with the secure SRV target)";
            default -> "no secure target for " + domain + " (DNSSEC-unsigned)";
        });
    }
}
