package dev.portcullis.stream;

import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.api.dna.Endpoint;
import dev.portcullis.api.dna.TlsaRecord;
import dev.portcullis.api.tls.StartTlsRule;

/**
 * The one decision whether a stream may go on without TLS when STARTTLS fails: the TLS policy's
 * {@link StartTlsRule} (RFC 7590 §3.1: plaintext only with peers the administrator names), overridden by DANE for
 * an outbound endpoint: a secure, usable TLSA RRset means the client MUST use TLS (RFC 7673 §3.4, §4), so
 * {@code plaintext-domains} cannot hand a STARTTLS stripper plaintext to a DANE-protected peer. Inbound streams
 * have no endpoint of ours; their TLSA records are the initiating server's to honour.
 */
final class StartTlsRequirement {
    private StartTlsRequirement() {
    }

    /**
     * @param rule   what the TLS policy says for the peer
     * @param why    why TLS is mandatory despite the policy, for the administrator; {@code null} when the policy's
     *               rule stands
     */
    record Requirement(StartTlsRule rule, String why) {
        boolean plaintextPermitted() {
            return rule == StartTlsRule.PLAINTEXT_PERMITTED;
        }
    }

    static Requirement of(StartTlsRule policy, String peer, Endpoint endpoint) {
        if (policy == StartTlsRule.PLAINTEXT_PERMITTED && daneProtected(endpoint)) {
            return new Requirement(StartTlsRule.REQUIRED, peer + " publishes secure, usable TLSA records at _"
                    + endpoint.port() + "._tcp." + endpoint.host() + ", so TLS is required (RFC 7673 §3.4, §4) "
                    + "although plaintext-domains lists it");
        }
        return new Requirement(policy, null);
    }

    /** RFC 7673 §3.4: the TLSA response is secure (with a secure SRV → address chain) and holds a usable record. */
    static boolean daneProtected(Endpoint endpoint) {
        return endpoint != null && endpoint.dnssec() == DnssecStatus.SECURE
                && endpoint.tlsaStatus() == DnssecStatus.SECURE && endpoint.tlsa().stream().anyMatch(TlsaRecord::usable);
    }
}
