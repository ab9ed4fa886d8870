package dev.portcullis.api.dialback;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.Verification;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * One domain pair on one stream, as dialback sees it (XEP-0220 §2.6: each pair on a multiplexed
 * stream is authenticated on its own).
 *
 * @param direction          inbound: the peer wants to send to us (we receive its db:result);
 *                           outbound: we want to send to the peer (we originate)
 * @param streamId           the ID of the stream the db:result travels on, as the receiving server issued it
 * @param originatingDomain  the sending domain ({@code from} of db:result)
 * @param receivingDomain    the target domain ({@code to} of db:result)
 * @param tlsProtected       whether the stream is TLS-protected (XEP-0344 §2)
 * @param plaintextPermitted whether the TLS policy explicitly permits plaintext with this peer
 * @param certificate        the DNA verifier's result for the peer's certificate and originating domain; inbound,
 *                           when that does not prove the originating domain but the stream's certificate was
 *                           proven for the stream's own peer domain, that proof instead (a piggybacked domain
 *                           beside a proven certificate, RFC 7712 §4.4.1); {@code null} if no certificate was
 *                           presented or verified
 * @param peerChain          the peer's TLS certificate chain on this stream, possibly empty
 */
public record DialbackContext(Direction direction, String streamId, String originatingDomain, String receivingDomain,
                              boolean tlsProtected, boolean plaintextPermitted, Verification certificate,
                              List<X509Certificate> peerChain) {
    public DialbackContext {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(originatingDomain, "originatingDomain");
        Objects.requireNonNull(receivingDomain, "receivingDomain");
        peerChain = peerChain == null ? List.of() : List.copyOf(peerChain);
    }
}
