/**
 * Domain Name Associations (RFC 7712): who is this peer, really?
 *
 * <p>{@link dev.portcullis.api.dna.PeerLocator} resolves a domain to endpoints with their DNSSEC status
 * and TLSA records (RFC 6120 §3.2, XEP-0368, RFC 7673 §3). {@link dev.portcullis.api.dna.DomainVerifier}
 * runs the configured {@link dev.portcullis.api.dna.Prooftype}s (RFC 7712 §7: PKIX, DANE, POSH, or a
 * third party's) and returns a {@link dev.portcullis.api.dna.Verification}: evidence from each
 * prooftype, one decision, and the certificate memory's verdict (RFC 7590 §3.6).
 */
@Version("1.0.0")
@Export
package dev.portcullis.api.dna;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
