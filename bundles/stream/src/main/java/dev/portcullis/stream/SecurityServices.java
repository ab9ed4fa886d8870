package dev.portcullis.stream;

import dev.portcullis.api.dialback.Dialback;
import dev.portcullis.api.dna.DomainVerifier;
import dev.portcullis.api.tls.LocalIdentity;
import dev.portcullis.api.tls.TlsPolicy;
import java.util.List;
import java.util.Set;

/**
 * Implemented by the host: the security services bound right now. A session calls these at each use and
 * never caches the result, so a hot-updated bundle serves the next handshake (docs/ARCHITECTURE.md, "Runtime, configuration and hot update").
 * Any service may be {@code null} while its bundle is absent or being updated; a session that needs it
 * then closes with {@code <reset/>} (RFC 6120 §4.9.3.16) naming the missing service, so the peer retries.
 */
public interface SecurityServices {

    /** The TLS policy, or {@code null} when the tls-policy bundle is not bound. */
    TlsPolicy tlsPolicy();

    /** The domain verifier, or {@code null} when the dna-verifier bundle is not bound. */
    DomainVerifier domainVerifier();

    /** Server Dialback, or {@code null} when the dialback bundle is not bound (dialback then not offered). */
    Dialback dialback();

    /** The local domains' certificates and keys, for {@code TlsPolicy.newEngine}. */
    List<LocalIdentity> identities();

    /** The domains this host serves, lower case: an inbound {@code to} outside it is {@code <host-unknown/>}. */
    Set<String> localDomains();
}
