package dev.portcullis.dna.pkix;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.api.dna.Endpoint;
import dev.portcullis.api.dna.EndpointSource;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.dna.core.names.NameMatcher;
import dev.portcullis.dna.core.names.PresentedIdentifiers;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The PKIX prooftype (RFC 7712 §4.1, §4.2; RFC 6120 §13.7.2): the chain validates to a trusted CA
 * (RFC 5280 §6) and the end-entity certificate names the peer domain (RFC 6125 §6, RFC 6120 §13.7.1.2).
 * Outbound, a DNSSEC-secure SRV target is an additional reference identifier (RFC 7673 §4.1, RFC 7712 §6).
 */
final class PkixProoftype {
    static final String NAME = "pkix";

    private final TrustStore trust;
    private final ChainValidator validator;
    private final Clock clock;

    PkixProoftype(TrustStore trust, ChainValidator validator, Clock clock) {
        this.trust = trust;
        this.validator = validator;
        this.clock = clock;
    }

    ProofResult prove(VerificationRequest request) {
        String peer = request.peerDomain();
        if (request.chain().isEmpty()) {
            return new ProofResult(NAME, ProofStatus.NOT_APPLICABLE, peer + " presented no certificate",
                    "RFC 6120 §13.7.2", null);
        }
        ChainVerdict chain = validator.validate(request.chain(), trust.anchors(), request.direction(),
                request.ocspStaple(), clock.instant());
        if (!chain.valid()) {
            return new ProofResult(NAME, ProofStatus.DISPROVEN, "the certificate of " + peer + " fails PKIX: "
                    + chain.reason() + ". Ask the peer's administrator for a certificate from a trusted CA, or add "
                    + "their CA to pkix.trust-files.", "RFC 5280 §6", null);
        }
        PresentedIdentifiers presented = PresentedIdentifiers.of(request.chain().get(0));
        List<String> extra = secureSrvTarget(request);
        Optional<String> match = NameMatcher.match(presented, peer, extra);
        if (match.isEmpty()) {
            return new ProofResult(NAME, ProofStatus.DISPROVEN, "the certificate of " + peer + " is trusted but "
                    + "does not name " + peer + (extra.isEmpty() ? "" : " or its secure SRV target " + extra.get(0))
                    + "; it names " + presented.describe(), "RFC 6125 §6, RFC 6120 §13.7.1.2", null);
        }
        return new ProofResult(NAME, ProofStatus.PROVEN, "the certificate of " + peer + " " + chain.reason()
                + " and matches " + match.get(), "RFC 6120 §13.7.2", chain.notAfter());
    }

    /** RFC 7673 §4.1: "SRV is secure: the reference identifiers SHALL include ... the SRV target server hostname". */
    private static List<String> secureSrvTarget(VerificationRequest request) {
        Endpoint e = request.endpoint();
        if (request.direction() == Direction.OUTBOUND && e != null && e.dnssec() == DnssecStatus.SECURE
                && (e.source() == EndpointSource.XMPP_SRV || e.source() == EndpointSource.XMPPS_SRV)) {
            return List.of(e.host());
        }
        return List.of();
    }
}
