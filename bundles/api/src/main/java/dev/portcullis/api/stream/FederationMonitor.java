package dev.portcullis.api.stream;

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
}
