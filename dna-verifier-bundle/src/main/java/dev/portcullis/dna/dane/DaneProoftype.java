package dev.portcullis.dna.dane;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.api.dna.Endpoint;
import dev.portcullis.api.dna.EndpointSource;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.Resolution;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.dna.locator.DnsService;
import dev.portcullis.dna.locator.LocatedPeer;
import dev.portcullis.dna.locator.SkippedTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The DANE prooftype for XMPP (RFC 7712 §5.1, RFC 7673). Outbound it judges the endpoint's TLSA records;
 * inbound it looks up the initiating domain's SRV targets and their TLSA records and judges the client
 * certificate. Insecure DNS: not applicable. Bogus DNS or secure records that match nothing: disproven,
 * which the verifier treats as fail closed (RFC 7673 §3).
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
            return done(ProofStatus.NOT_APPLICABLE, peer + " presented no certificate", "RFC 7673 §4");
        }
        if (request.direction() == Direction.OUTBOUND) {
            if (request.endpoint() == null) {
                return done(ProofStatus.NOT_APPLICABLE, "no endpoint was given for " + peer, "RFC 7673 §3");
            }
            return CompletableFuture.completedFuture(judge(request, List.of(request.endpoint()), List.of()));
        }
        return dns.locateDetailed(peer).thenApply(located -> inbound(request, located));
    }

    private ProofResult inbound(VerificationRequest request, LocatedPeer located) {
        Resolution r = located.resolution();
        if (r.srvStatus() == DnssecStatus.BOGUS) {
            return result(ProofStatus.DISPROVEN, "the SRV records of " + request.peerDomain() + " are bogus: "
                    + r.problem(), "RFC 7673 §3.1");
        }
        if (r.srvStatus() == DnssecStatus.INDETERMINATE) {
            return new ProofResult(NAME, ProofStatus.ERROR, "the SRV lookup for " + request.peerDomain()
                    + " failed: " + r.problem(), "RFC 7673 §3.1", null);
        }
        return judge(request, r.endpoints(), located.skipped());
    }

    private ProofResult judge(VerificationRequest request, List<Endpoint> endpoints, List<SkippedTarget> skipped) {
        String peer = request.peerDomain();
        List<String> disproofs = new ArrayList<>();
        boolean anySecureTlsa = false;
        for (Endpoint e : endpoints) {
            if (e.source() == EndpointSource.STATIC) {
                // the administrator routed this peer by hand: no DNS answer was used, so DANE has no records
                // to check, and their absence proves nothing either way (RFC 7673 §3)
                continue;
            }
            if (e.tlsaStatus() == DnssecStatus.BOGUS || e.tlsaStatus() == DnssecStatus.INDETERMINATE) {
                disproofs.add("TLSA records of " + e.host() + ":" + e.port() + " are " + e.tlsaStatus());
                continue;
            }
            if (e.dnssec() != DnssecStatus.SECURE || e.tlsaStatus() != DnssecStatus.SECURE || e.tlsa().isEmpty()) {
                continue;
            }
            List<String> targets = e.source() == EndpointSource.XMPP_SRV || e.source() == EndpointSource.XMPPS_SRV
                    ? List.of(e.host()) : List.of();
            TlsaVerdict v = matcher.evaluate(e.tlsa(), request.chain(), peer, targets, request.direction(),
                    clock.instant());
            if (v.matched()) {
                return result(ProofStatus.PROVEN, "TLSA at _" + e.port() + "._tcp." + e.host() + ": " + v.reason(),
                        v.section());
            }
            if (v.usable()) {
                anySecureTlsa = true;
                disproofs.add("TLSA at _" + e.port() + "._tcp." + e.host() + ": " + v.reason());
            }
        }
        for (SkippedTarget s : skipped) {
            if (s.status() == DnssecStatus.BOGUS) {
                disproofs.add("target " + s.host() + ":" + s.port() + " is bogus: " + s.reason());
            }
        }
        if (anySecureTlsa || !disproofs.isEmpty()) {
            return result(ProofStatus.DISPROVEN, "DANE refuses the certificate of " + peer + ": "
                    + String.join("; ", disproofs) + ". If " + peer + " changed its certificate, its administrator "
                    + "must publish matching TLSA records first.", anySecureTlsa ? "RFC 7673 §4.2" : "RFC 7673 §3");
        }
        return result(ProofStatus.NOT_APPLICABLE, "no secure, usable TLSA records for " + peer
                + " (DNSSEC-unsigned, or none published)", "RFC 7673 §3, §4.1");
    }

    private ProofResult result(ProofStatus status, String reason, String section) {
        Instant until = clock.instant().plus(EVIDENCE_LIFETIME);
        return new ProofResult(NAME, status, reason, section, until);
    }

    private CompletionStage<ProofResult> done(ProofStatus status, String reason, String section) {
        return CompletableFuture.completedFuture(result(status, reason, section));
    }
}
