package dev.portcullis.api.dna;

import dev.portcullis.api.Direction;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * What the host asks a {@link DomainVerifier} (and each {@link Prooftype}) to prove.
 *
 * @param direction   outbound: the peer is the server we connected to (RFC 7712 §4.1); inbound: the
 *                    peer is the initiating server and {@code chain} is its client certificate (§4.2)
 * @param peerDomain  the domain the peer claims: the domain we connected to, or the inbound stream's
 *                    {@code from} / a piggybacked domain (RFC 7712 §4.4)
 * @param localDomain our domain on this stream (RFC 7712 §6, multi-tenancy)
 * @param chain       the peer's certificate chain as presented, end-entity first; may be empty when the
 *                    peer presented none
 * @param endpoint    outbound: the endpoint connected to (its TLSA records and SRV target matter to DANE,
 *                    RFC 7673 §4); inbound: {@code null}
 * @param ocspStaple  a stapled OCSP response (RFC 6960, RFC 6066 §8), or {@code null}
 */
public record VerificationRequest(Direction direction, String peerDomain, String localDomain,
                                  List<X509Certificate> chain, Endpoint endpoint, byte[] ocspStaple) {
    public VerificationRequest {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(peerDomain, "peerDomain");
        chain = List.copyOf(chain);
        ocspStaple = ocspStaple == null ? null : ocspStaple.clone();
    }

    @Override
    public byte[] ocspStaple() {
        return ocspStaple == null ? null : ocspStaple.clone();
    }
}
