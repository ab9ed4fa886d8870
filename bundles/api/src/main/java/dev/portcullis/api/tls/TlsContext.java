package dev.portcullis.api.tls;

import dev.portcullis.api.Direction;
import java.util.List;
import java.util.Objects;

/**
 * What the policy needs to know about the stream an engine is for.
 *
 * @param direction   inbound (we are the TLS server) or outbound (we are the TLS client)
 * @param localDomain our domain on this stream: the {@code to} of an inbound stream header (RFC 6120
 *                    §4.7.2), the {@code from} of an outbound one; {@code null} on a direct-TLS listener,
 *                    where SNI chooses (XEP-0368 §3)
 * @param peerDomain  the peer's domain: the outbound target, or the inbound stream's {@code from};
 *                    {@code null} when not yet known
 * @param identities  the local domains' certificates and keys the host holds; the policy picks one
 * @param peerHost    the peer's host name or address as connected, for logs and session caching
 * @param peerPort    the peer's port, or 0 when unknown
 * @param directTls   XEP-0368 direct TLS (TLS from the first byte), where ALPN {@code xmpp-server} is offered
 *                    and checked (XEP-0368 §3, RFC 9325 §3.8); {@code false} for STARTTLS
 */
public record TlsContext(Direction direction, String localDomain, String peerDomain,
                         List<LocalIdentity> identities, String peerHost, int peerPort, boolean directTls) {
    public TlsContext {
        Objects.requireNonNull(direction, "direction");
        identities = List.copyOf(Objects.requireNonNull(identities, "identities"));
        if (direction == Direction.OUTBOUND && peerDomain == null) {
            throw new IllegalArgumentException("an outbound stream needs the peer domain for SNI (RFC 7590 §3.5)");
        }
    }

    /**
     * The context of version 1.0: an inbound stream without a local domain is on a direct-TLS listener
     * (SNI chooses the domain); an outbound one is STARTTLS.
     */
    public TlsContext(Direction direction, String localDomain, String peerDomain, List<LocalIdentity> identities,
                      String peerHost, int peerPort) {
        this(direction, localDomain, peerDomain, identities, peerHost, peerPort,
                direction == Direction.INBOUND && localDomain == null);
    }
}
