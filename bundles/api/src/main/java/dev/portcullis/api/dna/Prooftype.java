package dev.portcullis.api.dna;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One way to prove a domain name association (RFC 7712 §7). A whiteboard service: PKIX, DANE and POSH
 * are registered by the dna-verifier bundle; any bundle may register another. The
 * {@link DomainVerifier} uses the ones named in its {@code prooftypes} configuration, matched on the
 * service property {@value #NAME_PROPERTY}; among several with one name the highest
 * {@code service.ranking} wins.
 */
@ConsumerType
public interface Prooftype {

    /** Service property carrying the prooftype's name. */
    String NAME_PROPERTY = "prooftype.name";

    /** The name used in configuration and reports, e.g. {@code dane}. */
    String name();

    /**
     * Collects evidence for the association asked about. Must not block the calling thread; must
     * complete (with {@link ProofStatus#ERROR} on timeouts) rather than hang.
     */
    CompletionStage<ProofResult> prove(VerificationRequest request);
}
