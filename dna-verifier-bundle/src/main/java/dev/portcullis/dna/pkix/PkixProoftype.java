package dev.portcullis.dna.pkix;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.api.dna.Endpoint;
import dev.portcullis.api.dna.EndpointSource;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.dna.DnaSettings.RevocationPolicy;
import dev.portcullis.dna.core.names.NameMatcher;
import dev.portcullis.dna.core.names.PresentedIdentifiers;
import dev.portcullis.dna.core.pkix.ChainValidator;
import dev.portcullis.dna.core.pkix.ChainVerdict;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PKIX prooftype (RFC 7712 §4.1, §4.2; RFC 6120 §13.7.2): the chain validates to a trusted CA
 * (RFC 5280 §6) and the end-entity certificate names the peer domain (RFC 6125 §6, RFC 6120 §13.7.1.2).
 * Outbound, a DNSSEC-secure SRV target is an additional reference identifier (RFC 7673 §4.1, RFC 7712 §6).
 * Last, the end entity's revocation status (RFC 6120 §13.7.2 step 5, RFC 5280 §6.3) by {@link RevocationCheck}.
 */
final class PkixProoftype {
    static final String NAME = "pkix";
    private static final Logger LOG = LoggerFactory.getLogger(PkixProoftype.class);

    private final TrustStore trust;
    private final ChainValidator validator;
    private final RevocationCheck revocation;
    private final Clock clock;

    /** Path validation here never consults revocation itself: {@code revocation} does, staples included. */
    PkixProoftype(TrustStore trust, RevocationCheck revocation, Clock clock) {
        this.trust = trust;
        this.validator = new ChainValidator(false, false);
        this.revocation = revocation;
        this.clock = clock;
    }

    CompletionStage<ProofResult> prove(VerificationRequest request) {
        String peer = request.peerDomain();
        if (request.chain().isEmpty()) {
            return done(new ProofResult(NAME, ProofStatus.NOT_APPLICABLE, peer + " presented no certificate",
                    "RFC 6120 §13.7.2", null));
        }
        Instant at = clock.instant();
        ChainVerdict chain = validator.validate(request.chain(), trust.anchors(), request.direction(), null, at);
        if (!chain.valid()) {
            return done(new ProofResult(NAME, ProofStatus.DISPROVEN, "the certificate of " + peer + " fails PKIX: "
                    + chain.reason() + ". Ask the peer's administrator for a certificate from a trusted CA, or add "
                    + "their CA to pkix.trust-files.", "RFC 5280 §6", null));
        }
        PresentedIdentifiers presented = PresentedIdentifiers.of(request.chain().get(0));
        List<String> extra = secureSrvTarget(request);
        Optional<String> match = NameMatcher.match(presented, peer, extra);
        if (match.isEmpty()) {
            return done(new ProofResult(NAME, ProofStatus.DISPROVEN, "the certificate of " + peer + " is trusted but "
                    + "does not name " + peer + (extra.isEmpty() ? "" : " or its secure SRV target " + extra.get(0))
                    + "; it names " + presented.describe(), "RFC 6125 §6, RFC 6120 §13.7.1.2", null));
        }
        String proven = "the certificate of " + peer + " " + chain.reason() + " and matches " + match.get();
        List<java.security.cert.X509Certificate> path = ChainValidator.order(request.chain(), trust.anchors());
        return revocation.check(path, trust.anchors(), request.ocspStaple(), at)
                .thenApply(status -> decide(peer, proven, chain.notAfter(), status));
    }

    /** RFC 6120 §13.7.2 step 5 / RFC 5280 §6.3: the revocation finding decides between proof and refusal. */
    private ProofResult decide(String peer, String proven, Instant notAfter, RevocationStatus status) {
        return switch (status.kind()) {
            case GOOD -> new ProofResult(NAME, ProofStatus.PROVEN, proven + "; " + status.detail(), "RFC 6120 §13.7.2",
                    // the proof lasts only while the revocation answer is current (RFC 6960 §4.2.2.1)
                    status.nextUpdate() == null ? null : earlier(notAfter, status.nextUpdate()));
            case NOT_CHECKED -> new ProofResult(NAME, ProofStatus.PROVEN, proven + "; revocation " + status.detail(),
                    "RFC 6120 §13.7.2", notAfter);
            case REVOKED -> new ProofResult(NAME, ProofStatus.DISPROVEN, "the certificate of " + peer + " is "
                    + status.detail() + ". Ask the peer's administrator to deploy a new certificate.",
                    PkixProoftypeComponent.REVOKED_SECTION, null);
            case UNKNOWN, UNPUBLISHED -> unknown(peer, proven, notAfter, status);
        };
    }

    private ProofResult unknown(String peer, String proven, Instant notAfter, RevocationStatus status) {
        if (revocation.policy() == RevocationPolicy.HARD_FAIL) {
            return new ProofResult(NAME, ProofStatus.DISPROVEN, "the revocation status of the certificate of " + peer
                    + " cannot be obtained and pkix.revocation = hard-fail refuses it: " + status.detail()
                    + ". Make the responder reachable from this host, or set pkix.revocation = soft-fail.",
                    "RFC 5280 §6.3", null);
        }
        if (status.kind() == RevocationStatus.Kind.UNPUBLISHED) {
            // common with private CAs; nothing here can change it, so no WARN (the evidence still says it)
            LOG.info("Accepting the certificate of {}, which names no OCSP responder and no CRL, with its revocation "
                    + "status unknown (pkix.revocation = soft-fail, RFC 5280 §6.3)", peer);
        } else if (revocation.policy() == RevocationPolicy.SOFT_FAIL) {
            LOG.warn("Accepting the certificate of {} with its revocation status unknown (pkix.revocation = soft-fail, "
                    + "RFC 5280 §6.3): {}. Check that this host can reach the certificate's OCSP responder or CRL, or "
                    + "set pkix.revocation = hard-fail to refuse such certificates.", peer, status.detail());
        }
        // a failed fetch is not cached (validUntil null): the next stream asks again
        return new ProofResult(NAME, ProofStatus.PROVEN, proven + "; revocation unknown: " + status.detail(),
                "RFC 6120 §13.7.2, RFC 5280 §6.3", status.nextUpdate() == null ? null
                        : earlier(notAfter, status.nextUpdate()));
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static CompletionStage<ProofResult> done(ProofResult r) {
        return CompletableFuture.completedFuture(r);
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
