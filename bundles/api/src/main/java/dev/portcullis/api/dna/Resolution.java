package dev.portcullis.api.dna;

import java.util.List;
import java.util.Objects;

/**
 * The result of locating a peer domain (RFC 6120 §3.2, XEP-0368 §3, RFC 7673 §3).
 *
 * @param domain     the domain looked up
 * @param srvStatus  DNSSEC status of the SRV lookups; {@link DnssecStatus#BOGUS} means the lookup was
 *                   aborted and {@code endpoints} is empty (RFC 7673 §3)
 * @param endpoints  endpoints in the order to try them: direct TLS and STARTTLS merged by priority/weight
 * @param problem    why the list is empty or shortened, in an administrator's words; {@code null} if none
 */
public record Resolution(String domain, DnssecStatus srvStatus, List<Endpoint> endpoints, String problem) {
    public Resolution {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(srvStatus, "srvStatus");
        endpoints = List.copyOf(endpoints);
    }
}
