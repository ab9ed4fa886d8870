/**
 * The Portcullis contract: what a host XMPP server's server-to-server (s2s) pipeline calls to secure
 * a federation link, and the values it gets back.
 *
 * <p>Read the sub-packages in the order a stream uses them (see docs/ARCHITECTURE.md, "The s2s pipeline"):
 * <ol>
 *   <li>{@link dev.portcullis.api.dna.PeerLocator} finds where a peer domain listens (RFC 6120 §3.2,
 *       XEP-0368, RFC 7673 §3).</li>
 *   <li>{@link dev.portcullis.api.tls.TlsPolicy} builds the TLS engine and reviews the negotiated
 *       session (RFC 7590, RFC 9325).</li>
 *   <li>{@link dev.portcullis.api.dna.DomainVerifier} decides whether the peer's certificate is
 *       associated with its domain (RFC 7712), running {@link dev.portcullis.api.dna.Prooftype}s.</li>
 *   <li>{@link dev.portcullis.api.dialback.Dialback} authenticates by Server Dialback (XEP-0220)
 *       where policy allows it.</li>
 *   <li>{@link dev.portcullis.api.stream.StreamSecurity} records what was negotiated, for the
 *       administrator (RFC 7590 §3.6); {@link dev.portcullis.api.event.PortcullisEvents} names the
 *       events posted along the way.</li>
 * </ol>
 *
 * <p>Security bundles depend on this bundle only; hosts depend on this bundle only. Stream state lives
 * in the host, never in a security bundle, so a security bundle can be updated while links stay up.
 */
@Version("1.0.0")
@Export
package dev.portcullis.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
