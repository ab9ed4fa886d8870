package dev.portcullis.api.dna;

/** Where an endpoint came from. */
public enum EndpointSource {
    /** {@code _xmpps-server._tcp} SRV: direct TLS (XEP-0368 §3). */
    XMPPS_SRV,
    /** {@code _xmpp-server._tcp} SRV: STARTTLS (RFC 6120 §3.2.1). */
    XMPP_SRV,
    /** No SRV record: the domain itself on port 5269 (RFC 6120 §3.2.2). */
    FALLBACK,
    /** A static route the administrator configured (labs without DNS). */
    STATIC
}
