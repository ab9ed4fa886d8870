package dev.portcullis.stream;

import dev.portcullis.api.dna.CertificateChange;
import dev.portcullis.api.dna.CertificateChangeKind;
import dev.portcullis.api.dna.DomainVerifier;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.Verification;
import dev.portcullis.api.dna.VerificationOutcome;
import dev.portcullis.api.dna.VerificationRequest;
import java.security.cert.CertificateParsingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A fake {@link DomainVerifier} (the real one is tested in dna-verifier-bundle): VERIFIED when the
 * end-entity certificate has a dNSName equal to the domain, unless the domain is listed as rejected.
 */
final class FakeVerifier implements DomainVerifier {
    final Set<String> rejected = new HashSet<>();
    final Set<String> neverVerified = new HashSet<>();
    final List<VerificationRequest> requests = new ArrayList<>();
    boolean certificateChanged;
    /** When set, answers are held here until the test completes them (an asynchronous verifier). */
    List<CompletableFuture<Verification>> held;

    @Override
    public CompletionStage<Verification> verify(VerificationRequest r) {
        requests.add(r);
        if (held != null) {
            CompletableFuture<Verification> f = new CompletableFuture<>();
            List<CompletableFuture<Verification>> list = held;
            held = null;
            verify(r).thenAccept(f::complete);
            held = list;
            CompletableFuture<Verification> later = new CompletableFuture<>();
            held.add(later);
            return later.thenCompose(ignored -> f);
        }
        boolean named = !neverVerified.contains(r.peerDomain()) && !r.chain().isEmpty() && names(r).contains(r.peerDomain());
        boolean proven = named && !rejected.contains(r.peerDomain());
        CertificateChange change = r.chain().isEmpty() ? null : new CertificateChange(
                certificateChanged ? CertificateChangeKind.CHANGED : CertificateChangeKind.FIRST_SEEN, r.peerDomain(),
                "AA:BB", certificateChanged ? "CC:DD" : null, Instant.EPOCH, Instant.EPOCH, proven);
        if (rejected.contains(r.peerDomain())) {
            return CompletableFuture.completedFuture(new Verification(r.peerDomain(), VerificationOutcome.REJECTED, null,
                    List.of(new ProofResult("dane", ProofStatus.DISPROVEN, "TLSA records of " + r.peerDomain()
                            + " match no certificate", "RFC 7673 §3", null)), change, null,
                    "DANE disproves the certificate of " + r.peerDomain()));
        }
        return CompletableFuture.completedFuture(named
                ? new Verification(r.peerDomain(), VerificationOutcome.VERIFIED, "pkix",
                        List.of(new ProofResult("pkix", ProofStatus.PROVEN, "DNS-ID matches", "RFC 6125 §6.4", null)),
                        change, null, "pkix proves " + r.peerDomain())
                : new Verification(r.peerDomain(), VerificationOutcome.UNVERIFIED, null,
                        List.of(new ProofResult("pkix", ProofStatus.NOT_APPLICABLE, "no DNS-ID for " + r.peerDomain(),
                                "RFC 6125 §6.4", null)), change, null, "nothing proves " + r.peerDomain()));
    }

    private static Set<String> names(VerificationRequest r) {
        Set<String> out = new HashSet<>();
        try {
            var sans = r.chain().get(0).getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        out.add((String) san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no names
        }
        return out;
    }
}
