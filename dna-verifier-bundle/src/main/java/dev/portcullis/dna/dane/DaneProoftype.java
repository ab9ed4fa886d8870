package dev.portcullis.dna.dane;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.Endpoint;
import dev.portcullis.api.dna.EndpointSource;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.Resolution;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.dna.core.dane.TlsaMatcher;
import dev.portcullis.dna.core.dane.TlsaVerdict;
import dev.portcullis.dna.locator.DnsService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The DANE prooftype for XMPP (RFC 7712 §5.1, RFC 7673). Outbound it judges the endpoint's TLSA records;
 * inbound it looks up the initiating domain's SRV targets and their TLSA records and judges the client
 * certificate. Both go through the one decision table, {@link DaneTable} ({@code docs/DANE.md}): insecure DNS is
 * not applicable; bogus or indeterminate DNS, or secure records that match nothing, are disproven, which the
 * verifier treats as fail closed (RFC 7673 §3).
 */
final class DaneProoftype {
    static final String NAME = "dane";
    /** DNS evidence is re-checked this often; the DNS cache honours the records' own TTLs below it. */
    static final Duration EVIDENCE_LIFETIME = Duration.ofMinutes(5);

    private final DnsService dns;
    private final TlsaMatcher matcher;
    private final Clock clock;

    DaneProoftype(DnsService dns, TlsaMatcher matcher, Clock clock) {
        this.dns = dns;
        this.matcher = matcher;
        this.clock = clock;
    }

    CompletionStage<ProofResult> prove(VerificationRequest request) {
        String peer = request.peerDomain();
        if (request.chain().isEmpty()) {
            return CompletableFuture.completedFuture(result(new DaneTable.Verdict(DaneTable.Row.R10,
                    peer + " presented no certificate")));
        }
        if (request.direction() == Direction.OUTBOUND) {
            if (request.endpoint() == null) {
                return CompletableFuture.completedFuture(result(new DaneTable.Verdict(DaneTable.Row.R1,
                        "no endpoint was given for " + peer)));
            }
            Endpoint e = request.endpoint();
            return CompletableFuture.completedFuture(result(DaneTable.judge(peer, e.dnssec(), null, List.of(e),
                    List.of(), ep -> match(request, ep))));
        }
        return dns.locateDetailed(peer).thenApply(located -> {
            Resolution r = located.resolution();
            return result(DaneTable.judge(peer, r.srvStatus(), r.problem(), r.endpoints(), located.skipped(),
                    ep -> match(request, ep)));
        });
    }

    private TlsaVerdict match(VerificationRequest request, Endpoint e) {
        // RFC 7673 §4.1: a secure SRV target is a further reference identifier
        List<String> targets = e.source() == EndpointSource.XMPP_SRV || e.source() == EndpointSource.XMPPS_SRV
                ? List.of(e.host()) : List.of();
        return matcher.evaluate(e.tlsa(), request.chain(), request.peerDomain(), targets, request.direction(),
                clock.instant());
    }

    private ProofResult result(DaneTable.Verdict v) {
        return new ProofResult(NAME, v.status(), v.detail() + " [docs/DANE.md " + v.row().name() + "]",
                v.row().clause, clock.instant().plus(EVIDENCE_LIFETIME));
    }

}
