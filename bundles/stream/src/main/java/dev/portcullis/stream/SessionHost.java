package dev.portcullis.stream;

import dev.portcullis.api.dialback.DialbackError;
import dev.portcullis.api.stream.AuthMethod;
import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented by the host, one per connection: where a {@link S2sSession} sends bytes and reports what
 * happened. All calls from the session happen on the thread running the session's current event
 * (a {@code receive}, {@code start}, {@code sendStanza}, or a task run by {@link #execute}).
 */
@ConsumerType
public interface SessionHost {

    /** Bytes for the socket, already TLS-protected when TLS is on. The buffer is the host's to keep. */
    void write(ByteBuffer bytes);

    /**
     * Runs {@code task} serialized with this connection's other events (never concurrently with
     * {@code receive}). Asynchronous completions of the domain verifier and of dialback re-enter the
     * session through here.
     */
    void execute(Runnable task);

    /**
     * Runs CPU-heavy or blocking {@code work} (TLS delegated tasks, the domain verifier's synchronous part)
     * off the I/O thread, so the other connections of that thread keep being served; meanwhile the host reads
     * nothing more from this peer. Afterwards {@code then} runs serialized like {@link #execute} (not at all
     * once the stream is closed). Returns {@code false}, running nothing, when the host has no room for the
     * work (its bounded worker queue is full): the session then closes the stream with
     * {@code <resource-constraint/>} (RFC 6120 §4.9.3.17). Default: both run inline, now.
     */
    default boolean offload(Runnable work, Runnable then) {
        work.run();
        then.run();
        return true;
    }

    /** A domain pair was authenticated: stanzas from {@code peerDomain} to {@code localDomain} (inbound), or to it (outbound), may flow. */
    void authenticated(S2sSession session, String localDomain, String peerDomain, AuthMethod method);

    /**
     * A domain pair could not be authenticated (dialback invalid or error, SASL failure on a stream that
     * stays open for other pairs). Stanzas queued for it should bounce. Default: nothing.
     *
     * @param reason    what happened, for the administrator
     * @param condition the stanza error condition of the failure. Outbound: what stanzas queued for the pair
     *                  bounce with (XEP-0220 §2.1.1): {@code internal-server-error} after {@code type='invalid'},
     *                  {@code remote-server-timeout} after {@code type='error'} or when the stream ended while
     *                  waiting, {@code remote-server-not-found} when dialback could not be attempted at all.
     *                  Inbound: the dialback error answered to the peer.
     */
    default void authenticationFailed(S2sSession session, String localDomain, String peerDomain, String reason,
                                      DialbackError condition) {
    }

    /**
     * A stanza from the peer, for an authenticated domain pair only (RFC 6120 §4.3.3, §4.9.3.12); its
     * {@code from} and {@code to} are checked against the authenticated pairs (§4.9.3.7, §8.1.1.2 and §4.9.3.6
     * for {@code to}, §8.1.2.2 and §4.9.3.9 for {@code from}).
     */
    void stanza(S2sSession session, Element stanza);

    /**
     * The stream is closed. {@code errorOrNull} is the stream error we sent or received, or {@code null}
     * for an orderly close (RFC 6120 §4.4). The host then closes the socket. Called once.
     */
    void closed(S2sSession session, StreamException errorOrNull);

    /**
     * The TLS handshake finished and the policy accepted it; {@code handshake} is the time from building the
     * engine to the end of the handshake (for latency metrics). Default: nothing.
     */
    default void tlsEstablished(S2sSession session, dev.portcullis.api.tls.PolicyVerdict verdict,
                                java.time.Duration handshake) {
    }

    /** A security-relevant fact for the log and events. */
    void security(S2sSession session, SecurityNote note);
}
