package dev.portcullis.api.dna;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Read access to the certificates the verifier remembers per peer domain (RFC 7590 §3.6). Persisted by
 * the dna-verifier bundle in its data area, so it survives restarts and bundle updates.
 */
@ProviderType
public interface CertificateMemory {

    /** The entry for one domain, if it was ever seen. */
    Optional<RememberedCertificate> lookup(String domain);

    /** All entries, most recently changed first. */
    List<RememberedCertificate> entries();
}
