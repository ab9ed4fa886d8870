package dev.portcullis.server;

import dev.portcullis.api.stream.AuthMethod;
import dev.portcullis.stream.Element;
import dev.portcullis.stream.SecurityNote;
import dev.portcullis.stream.StreamException;

/** What a {@link Connection} reports to the server, on the I/O thread. */
interface ConnectionEvents {
    void authenticated(Connection c, String localDomain, String peerDomain, AuthMethod method);

    void authenticationFailed(Connection c, String localDomain, String peerDomain, String reason);

    void stanza(Connection c, Element stanza);

    /** The stream ended; {@code error} is the stream error sent or received, or {@code null}. */
    void closed(Connection c, StreamException error);

    void security(Connection c, SecurityNote note);
}
