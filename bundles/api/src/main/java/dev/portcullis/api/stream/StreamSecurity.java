package dev.portcullis.api.stream;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.CertificateChange;
import dev.portcullis.api.tls.PolicyVerdict;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The RFC 7590 §3.6 facts about one s2s stream, as the host recorded them.
 *
 * @param streamId             the stream ID (RFC 6120 §4.7.3)
 * @param direction            inbound or outbound
 * @param localDomain          our domain on the stream
 * @param peerDomain           the peer's domain
 * @param authenticatedDomains every (piggybacked) peer domain authenticated on this stream (RFC 7712 §4.4)
 * @param encrypted            whether TLS protects the stream
 * @param tlsProtocol          e.g. {@code TLSv1.3}; {@code null} when not encrypted
 * @param cipherSuite          IANA name; {@code null} when not encrypted
 * @param authMethod           how the peer was authenticated
 * @param provenBy             the prooftype that proved the certificate ({@code pkix}, {@code dane},
 *                             {@code posh}…), or {@code null}
 * @param peerCertificateSha256 fingerprint of the peer's end-entity certificate, or {@code null}
 * @param certificateChange    the certificate memory's verdict, or {@code null}
 * @param verdict              the TLS policy's verdict, or {@code null} when not encrypted
 * @param established          when the stream was opened
 */
public record StreamSecurity(String streamId, Direction direction, String localDomain, String peerDomain,
                             List<String> authenticatedDomains, boolean encrypted, String tlsProtocol,
                             String cipherSuite, AuthMethod authMethod, String provenBy,
                             String peerCertificateSha256, CertificateChange certificateChange,
                             PolicyVerdict verdict, Instant established) {
    public StreamSecurity {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(established, "established");
        authenticatedDomains = List.copyOf(authenticatedDomains);
    }

    /** True when the peer's certificate changed since it was last seen (RFC 7590 §3.6). */
    public boolean certificateChangeWarning() {
        return certificateChange != null && certificateChange.warning();
    }
}
