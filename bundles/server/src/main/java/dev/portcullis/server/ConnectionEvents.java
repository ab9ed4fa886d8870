package dev.portcullis.server;

import dev.portcullis.api.dialback.DialbackError;
import dev.portcullis.api.stream.AuthMethod;
import dev.portcullis.stream.Element;
import dev.portcullis.stream.SecurityNote;
import dev.portcullis.stream.StreamException;

/** What a {@link Connection} reports to the server, on the connection's own reactor thread. */
interface ConnectionEvents {
    void authenticated(Connection c, String localDomain, String peerDomain, AuthMethod method);

    /** {@code condition}: what stanzas queued for the pair bounce with (XEP-0220 §2.1.1). */
    void authenticationFailed(Connection c, String localDomain, String peerDomain, String reason, DialbackError condition);

    void stanza(Connection c, Element stanza);

    /** The stream ended; {@code error} is the stream error sent or received, or {@code null}. */
    void closed(Connection c, StreamException error);

    void security(Connection c, SecurityNote note);

    /** A TLS handshake finished and passed the policy, after {@code handshake}. */
    default void tlsEstablished(Connection c, dev.portcullis.api.tls.PolicyVerdict verdict, java.time.Duration handshake) {
    }

    /** The worker queue had no room for the connection's TLS or verification work; the stream is closed. */
    void overloaded(Connection c);
}
