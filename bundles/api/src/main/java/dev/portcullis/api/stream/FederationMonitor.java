package dev.portcullis.api.stream;

import dev.portcullis.api.dna.Verification;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Registered by the host: the live s2s streams and their security facts, for admin consoles and
 * commands (RFC 7590 §3.6).
 */
@ProviderType
public interface FederationMonitor {

    /** Every live stream, newest first. */
    List<StreamSecurity> streams();

    /** One stream by ID. */
    Optional<StreamSecurity> stream(String streamId);

    /** The peer's certificate chain on one stream, end-entity first; empty if none or unknown stream. */
    List<X509Certificate> peerChain(String streamId);

    /**
     * The {@link dev.portcullis.api.dna.DomainVerifier}'s answer for the stream's peer domain, with every
     * prooftype's result and reason (RFC 7712 §7), so a console can show why the peer was or was not
     * authenticated (RFC 7590 §3.6). Empty when the stream is unknown, no certificate was verified, or the
     * host does not record it (the default).
     */
    default Optional<Verification> verification(String streamId) {
        return Optional.empty();
    }

    /**
     * The certificates our local domains present right now, with how close each is to expiry (RFC 6120
     * §13.7.2), for consoles and metrics. Empty when the host does not report them (the default).
     */
    default List<LocalCertificate> localCertificates() {
        return List.of();
    }
}
