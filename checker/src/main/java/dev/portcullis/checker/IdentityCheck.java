package dev.portcullis.checker;

import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.dna.core.names.NameMatcher;
import dev.portcullis.dna.core.names.PresentedIdentifiers;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * RFC 6120 §13.7.1.2 and RFC 6125 §6.4: does the end-entity certificate name the XMPP domain? The rule is the
 * host's own ({@link NameMatcher} in dna-core), so the checker grades a certificate exactly as the dna-verifier
 * judges it: DNS-ID, SRV-ID {@code _xmpp-server.<domain>} (also for direct TLS, XEP-0368 §3 "validated the same
 * way as for STARTTLS"), XmppAddr, and a CN only when there is no subjectAltName (RFC 6125 §6.4.4).
 */
final class IdentityCheck {
    private IdentityCheck() {
    }

    /**
     * @param endpoint the endpoint the certificate came from: a DNSSEC-secure SRV target is a further reference
     *                 identifier (RFC 7673 §4.1), as for the host's outbound streams
     */
    static IdentityFacts check(X509Certificate certificate, String domain, Endpoint endpoint) {
        PresentedIdentifiers presented = PresentedIdentifiers.of(certificate);
        List<String> extra = endpoint != null && endpoint.dnssec() == DnssecStatus.SECURE
                ? List.of(endpoint.host()) : List.of();
        Optional<String> match = NameMatcher.match(presented, domain, extra);
        return new IdentityFacts(match.isPresent(), match.orElse(null), presented.dnsIds(), presented.srvIds(),
                presented.xmppAddrs());
    }
}
