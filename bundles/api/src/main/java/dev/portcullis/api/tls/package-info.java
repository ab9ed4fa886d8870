/**
 * TLS policy for s2s streams: RFC 7590 (TLS in XMPP), BCP 195 (RFC 7525, RFC 9325), RFC 8996.
 *
 * <p>The host asks {@link dev.portcullis.api.tls.TlsPolicy} for every {@link javax.net.ssl.SSLEngine}
 * it uses on an s2s stream, asks whether the peer may be talked to in plaintext (almost never), and hands
 * every negotiated session back for {@link dev.portcullis.api.tls.TlsPolicy#review review}; a verdict
 * with violations means the host closes the stream with {@code <policy-violation/>} (RFC 6120 §4.9.3.14).
 */
@Version("1.1.0")
@Export
package dev.portcullis.api.tls;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
