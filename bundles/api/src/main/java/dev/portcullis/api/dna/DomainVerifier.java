package dev.portcullis.api.dna;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Decides whether a peer's certificate is associated with the domain it claims (RFC 7712), for both
 * directions. Runs the configured prooftypes concurrently, completes as soon as one proves the
 * association (or all have answered), consults and updates the certificate memory, and posts
 * {@link dev.portcullis.api.event.PortcullisEvents#CERTIFICATE_CHANGED} when a known peer's key changes.
 */
@ProviderType
public interface DomainVerifier {

    /** Verifies one association. Never blocks; never completes exceptionally for bad peer input. */
    CompletionStage<Verification> verify(VerificationRequest request);
}
