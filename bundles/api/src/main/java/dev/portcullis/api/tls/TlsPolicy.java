package dev.portcullis.api.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Builds and judges the TLS of every s2s stream (RFC 7590, RFC 9325, RFC 7525).
 *
 * <p>Registered by the tls-policy bundle. Everything is per engine: an implementation never changes
 * JVM-wide TLS settings ({@code jdk.tls.*} properties, {@code Security.addProvider}), because other TLS
 * users share the host's process. A configuration change applies to the next engine built; engines
 * already handed out are not touched.
 */
@ProviderType
public interface TlsPolicy {

    /**
     * A new engine for one stream, fully configured: protocols, cipher suites and their order, groups,
     * signature schemes, our certificate chosen for {@link TlsContext#localDomain()} (or by SNI on a
     * direct-TLS listener, XEP-0368), client-certificate request on inbound streams, and SNI naming the
     * peer domain on outbound ones (RFC 7590 §3.5). The engine accepts any peer certificate that meets
     * the policy's key-size and signature floors; identity is left to the
     * {@link dev.portcullis.api.dna.DomainVerifier} (RFC 7712), so DANE, POSH and dialback can still
     * authenticate a peer that PKIX would not.
     *
     * @throws TlsPolicyException if no engine can be built (for example no certificate for the local domain)
     */
    SSLEngine newEngine(TlsContext context) throws TlsPolicyException;

    /**
     * Whether a stream with this peer must be protected by TLS (RFC 7590 §3.1, RFC 9325 §3.2). The
     * initiating side always attempts STARTTLS, advertised or not; only a peer the administrator named
     * explicitly may be talked to in plaintext, and the host logs a warning on every such stream.
     */
    StartTlsRule startTls(String peerDomain);

    /**
     * Reviews a negotiated session against the policy in force for this peer: protocol, cipher suite,
     * group where observable, the peer's key type and size, and the signature algorithms of its
     * certificates. Every broken rule is listed with the RFC section it breaks.
     */
    PolicyVerdict review(SSLSession session, TlsContext context);

    /** The policy in force, for the administrator's console and {@code portcullis:streams}. */
    PolicyDescription describe();
}
