package dev.portcullis.checker;

import java.util.List;
import java.util.Objects;

/**
 * Everything observed on one endpoint.
 *
 * @param endpoint          where
 * @param address           the IP address connected to, or {@code null}
 * @param error             why the endpoint could not be checked, or {@code null}
 * @param startTlsOffered   the {@code <starttls/>} feature was offered (STARTTLS endpoints, RFC 6120 §5.3.1)
 * @param startTlsRequired  it carried {@code <required/>} (RFC 7590 §3.1)
 * @param protocol          protocol of the default handshake (Bouncy Castle JSSE, modern settings)
 * @param suite             suite of the default handshake
 * @param probes            the narrow handshakes ({@link Probe})
 * @param chain             the served chain, end-entity first
 * @param pkixValid         the chain validates to a trusted root (JDK roots plus {@code --ca}), RFC 5280 §6
 * @param pkixDetail        why not
 * @param identity          RFC 6125 identity check against the domain
 * @param dane              DANE result
 * @param dialbackOffered   XEP-0220 offered after TLS (feature or {@code xmlns:db} in the header)
 * @param saslMechanisms    SASL mechanisms offered after TLS (EXTERNAL: XEP-0178)
 * @param afterTlsError     why the secured stream's features could not be read (e.g. the server demands a client
 *                          certificate the checker does not have), or {@code null}
 */
record EndpointFacts(Endpoint endpoint, String address, String error, boolean startTlsOffered,
                     boolean startTlsRequired, String protocol, String suite, List<ProbeResult> probes,
                     List<CertificateFacts> chain, boolean pkixValid, String pkixDetail, IdentityFacts identity,
                     DaneFacts dane, boolean dialbackOffered, List<String> saslMechanisms, String afterTlsError) {
    EndpointFacts {
        Objects.requireNonNull(endpoint, "endpoint");
        probes = List.copyOf(probes);
        chain = List.copyOf(chain);
        saslMechanisms = List.copyOf(saslMechanisms);
    }

    static EndpointFacts unreachable(Endpoint endpoint, String address, String error) {
        return new EndpointFacts(endpoint, address, error, false, false, null, null, List.of(), List.of(), false,
                null, null, new DaneFacts(DaneFacts.Status.NOT_CHECKED, null, List.of(), null, null), false,
                List.of(), null);
    }

    boolean reachable() {
        return error == null;
    }

    boolean saslExternalOffered() {
        return saslMechanisms.contains("EXTERNAL");
    }

    ProbeResult probe(Probe p) {
        return probes.stream().filter(r -> r.probe() == p).findFirst().orElse(null);
    }

    boolean accepted(Probe p) {
        ProbeResult r = probe(p);
        return r != null && r.accepted();
    }
}
