package dev.portcullis.api.dna;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * One place a peer domain can be reached, in the order it should be tried.
 *
 * @param host          target host name (SRV target, or the domain itself)
 * @param port          TCP port
 * @param directTls     true for XEP-0368 direct TLS, false for STARTTLS
 * @param source        which lookup produced it
 * @param priority      SRV priority (RFC 2782), 0 when not from SRV
 * @param weight        SRV weight, 0 when not from SRV
 * @param addresses     A/AAAA addresses of {@code host}
 * @param dnssec        the weakest DNSSEC status along SRV → address for this endpoint
 * @param tlsa          the TLSA RRset at {@code _<port>._tcp.<host>}, only where that lookup was secure
 *                      (RFC 7673 §3); empty otherwise
 * @param tlsaStatus    the DNSSEC status of the TLSA lookup; a signed zone that provably has no TLSA record
 *                      there is {@code SECURE} with an empty {@code tlsa} list (authenticated denial, RFC 4035 §5.4);
 *                      {@code INSECURE} when no lookup was made because the target is not secure (RFC 7673 §3.2);
 *                      {@code INDETERMINATE} for a static route, where DNS was not asked at all
 */
public record Endpoint(String host, int port, boolean directTls, EndpointSource source, int priority, int weight,
                       List<InetAddress> addresses, DnssecStatus dnssec, List<TlsaRecord> tlsa,
                       DnssecStatus tlsaStatus) {
    public Endpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dnssec, "dnssec");
        Objects.requireNonNull(tlsaStatus, "tlsaStatus");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        addresses = List.copyOf(addresses);
        tlsa = List.copyOf(tlsa);
    }

    @Override
    public String toString() {
        return (directTls ? "xmpps://" : "xmpp://") + host + ":" + port + " (" + source + ", DNSSEC " + dnssec + ")";
    }
}
