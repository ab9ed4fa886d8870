package dev.portcullis.api.stream;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.CertificateChange;
import dev.portcullis.api.tls.PolicyVerdict;
import dev.portcullis.api.tls.PolicyViolation;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The one JSON shape of a stream's RFC 7590 §3.6 facts, written by {@code portcullis:streams --json} and the
 * console's {@code streams.json}, and read back by scripts and the demo. A record of plain values, so Jackson
 * maps it both ways as it is (no annotations, no hand-written JSON); field names are the JSON keys.
 *
 * @param id                       the stream ID (RFC 6120 §4.7.3)
 * @param direction                {@code INBOUND} or {@code OUTBOUND}
 * @param localDomain              our domain on the stream
 * @param peerDomain               the peer's domain
 * @param authenticatedDomains     every peer domain authenticated on the stream (RFC 7712 §4.4)
 * @param encrypted                whether TLS protects the stream
 * @param tlsVersion               e.g. {@code TLSv1.3}, or {@code null}
 * @param cipherSuite              IANA name, or {@code null}
 * @param authMethod               how the peer was authenticated ({@link AuthMethod} name)
 * @param prooftype                the prooftype that proved the certificate, or {@code null}
 * @param certificateSha256        the peer's end-entity certificate fingerprint, or {@code null}
 * @param certificateChangeWarning true when the peer's key changed (RFC 7590 §3.6)
 * @param certificateChange        the certificate memory's verdict, or {@code null}
 * @param policy                   the TLS policy's verdict, or {@code null} when not encrypted
 * @param established              when the stream was opened (ISO-8601 instant)
 */
public record StreamView(String id, Direction direction, String localDomain, String peerDomain,
                         List<String> authenticatedDomains, boolean encrypted, String tlsVersion, String cipherSuite,
                         String authMethod, String prooftype, String certificateSha256,
                         boolean certificateChangeWarning, Change certificateChange, Policy policy,
                         String established) {
    public StreamView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(direction, "direction");
        authenticatedDomains = authenticatedDomains == null ? List.of() : List.copyOf(authenticatedDomains);
    }

    /** The view of what the host recorded. */
    public static StreamView of(StreamSecurity s) {
        CertificateChange c = s.certificateChange();
        PolicyVerdict v = s.verdict();
        return new StreamView(s.streamId(), s.direction(), s.localDomain(), s.peerDomain(), s.authenticatedDomains(),
                s.encrypted(), s.tlsProtocol(), s.cipherSuite(), s.authMethod().name(), s.provenBy(),
                s.peerCertificateSha256(), s.certificateChangeWarning(),
                c == null ? null : new Change(c.kind().name(), c.previousFingerprint(), text(c.firstSeen()),
                        text(c.lastChanged()), c.proven()),
                v == null ? null : new Policy(v.profile(), v.accepted(), v.namedGroup(),
                        v.peerKeyAlgorithm() == null ? null : v.peerKeyAlgorithm() + " " + v.peerKeyBits(),
                        v.violations().stream().map(PolicyViolation::toString).toList()),
                text(s.established()));
    }

    /**
     * The certificate memory's verdict (RFC 7590 §3.6).
     *
     * @param kind           {@code FIRST_SEEN}, {@code UNCHANGED}, {@code RENEWED_SAME_KEY} or {@code CHANGED}
     * @param previousSha256 the fingerprint remembered before a change, or {@code null}
     * @param firstSeen      when the domain's certificate was first remembered
     * @param lastChanged    when it last changed
     * @param proven         whether the change was proven by a prooftype
     */
    public record Change(String kind, String previousSha256, String firstSeen, String lastChanged, boolean proven) {
    }

    /**
     * The TLS policy's verdict on the stream (RFC 9325).
     *
     * @param profile    the profile in force for the peer
     * @param accepted   true when no rule was broken
     * @param namedGroup the key exchange group, or {@code null}
     * @param peerKey    the peer's key, e.g. {@code EC 256}, or {@code null}
     * @param violations each broken rule with its clause
     */
    public record Policy(String profile, boolean accepted, String namedGroup, String peerKey, List<String> violations) {
        public Policy {
            violations = violations == null ? List.of() : List.copyOf(violations);
        }
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
