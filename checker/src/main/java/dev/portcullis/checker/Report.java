package dev.portcullis.checker;

import dev.portcullis.api.dna.DnssecStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of one check.
 *
 * @param domain     the XMPP domain checked
 * @param from       the stream {@code from} used
 * @param checkedAt  when
 * @param dns        DNS facts
 * @param posh       POSH facts
 * @param endpoints  per-endpoint facts
 * @param grade      the overall grade (the worst cap of all deductions)
 * @param deductions every finding that lowered the grade, each citing its clause
 * @param notes      findings that do not change the grade
 * @param advice     the DANE and POSH records to publish when they are missing or stale ({@link PublishAdvice})
 */
record Report(String domain, String from, Instant checkedAt, DnsFacts dns, PoshFacts posh,
              List<EndpointFacts> endpoints, Grade grade, List<Deduction> deductions, List<String> notes,
              List<String> advice) {
    Report {
        Objects.requireNonNull(domain, "domain");
        endpoints = List.copyOf(endpoints);
        deductions = List.copyOf(deductions);
        notes = List.copyOf(notes);
        advice = List.copyOf(advice);
    }

    Report(String domain, String from, Instant checkedAt, DnsFacts dns, PoshFacts posh, List<EndpointFacts> endpoints,
           Grade grade, List<Deduction> deductions, List<String> notes) {
        this(domain, from, checkedAt, dns, posh, endpoints, grade, deductions, notes, List.of());
    }

    /**
     * True when the check reached a verdict: at least one endpoint was examined, or DNSSEC proved the SRV data
     * bogus (RFC 4035 §5.5), which is a verdict on its own. Otherwise the check could not run.
     */
    boolean ran() {
        boolean bogus = dns != null && (dns.xmppSrv().dnssec() == DnssecStatus.BOGUS
                || dns.xmppsSrv().dnssec() == DnssecStatus.BOGUS);
        return bogus || endpoints.stream().anyMatch(EndpointFacts::reachable);
    }
}
