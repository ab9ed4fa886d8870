/**
 * Server Dialback (XEP-0220) with XEP-0185 keys and the XEP-0344 shortcuts, as a policy-governed
 * fallback for peers whose certificate no prooftype could prove (RFC 7712 §4.3).
 *
 * <p>The security bundle never touches a socket or XML: the host parses {@code db:result} and
 * {@code db:verify} elements, calls {@link dev.portcullis.api.dialback.Dialback}, and writes the answer.
 * For the receiving role the bundle needs to reach the authoritative server; the host registers an
 * {@link dev.portcullis.api.dialback.OutboundStreams} service for that.
 */
@Version("1.0.0")
@Export
package dev.portcullis.api.dialback;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
