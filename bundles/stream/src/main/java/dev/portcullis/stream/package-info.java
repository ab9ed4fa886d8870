/**
 * The XMPP server-to-server stream layer: an XML stream codec and the RFC 6120 negotiation state
 * machine, transport-agnostic (bytes in, bytes out, no sockets, no threads of its own).
 *
 * <p>A host creates one {@link dev.portcullis.stream.S2sSession} per TCP connection
 * ({@link dev.portcullis.stream.S2sSession#inbound inbound} or
 * {@link dev.portcullis.stream.S2sSession#outbound outbound}), implements
 * {@link dev.portcullis.stream.SessionHost} (socket writes, serialized execution, callbacks) and
 * {@link dev.portcullis.stream.SecurityServices} (the currently bound security services), feeds socket
 * bytes to {@link dev.portcullis.stream.S2sSession#receive receive} and sends stanzas with
 * {@link dev.portcullis.stream.S2sSession#sendStanza sendStanza}. The session negotiates STARTTLS or
 * direct TLS (RFC 6120 §5, RFC 7590, XEP-0368), reviews TLS with the policy, verifies the peer's domain
 * (RFC 7712), authenticates by SASL EXTERNAL (RFC 6120 §6, XEP-0178) or Server Dialback (XEP-0220), and
 * enforces the XML restrictions of RFC 6120 §11.1.
 */
@Version("1.2.0")
@Export
package dev.portcullis.stream;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
