package dev.portcullis.tls;

import dev.portcullis.api.tls.LocalIdentity;
import dev.portcullis.api.tls.PolicyViolation;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our own certificates meet the same floors we ask of peers (RFC 9325 §4.5: RSA of at least 2048 bits,
 * no SHA-1 or MD5 signatures), checked by the one rule, {@link CertificateFloors}. A local domain whose
 * chain breaks a floor is never presented: streams for it are refused as if it had no certificate, and the
 * administrator is told once per loaded chain what to replace.
 */
final class OwnCertificates {
    private static final Logger LOG = LoggerFactory.getLogger(OwnCertificates.class);

    private final Set<LocalIdentity> reported = ConcurrentHashMap.newKeySet();

    /** The identities whose chains meet the profile's floors; the others are logged (once) and left out. */
    List<LocalIdentity> usable(List<LocalIdentity> identities, Profile profile) {
        return identities.stream().filter(i -> meetsFloors(i, profile)).toList();
    }

    static List<PolicyViolation> violations(LocalIdentity identity, Profile profile) {
        return CertificateFloors.check(identity.chain().toArray(X509Certificate[]::new), profile, "our");
    }

    private boolean meetsFloors(LocalIdentity identity, Profile profile) {
        List<PolicyViolation> v = violations(identity, profile);
        if (v.isEmpty()) {
            return true;
        }
        if (reported.add(identity)) {
            LOG.error("Refusing to use the certificate of local domain {} ({}): {}. No stream for {} is accepted or "
                            + "opened until its etc/dev.portcullis.domain-*.cfg names a certificate on an RSA key of at "
                            + "least {} bits or an EC key of at least {} bits, signed with SHA-256 or better",
                    identity.domain(), identity.chain().get(0).getSubjectX500Principal().getName(),
                    v.stream().map(PolicyViolation::toString).collect(Collectors.joining("; ")), identity.domain(),
                    profile.minRsaBits(), profile.minEcBits());
        }
        return false;
    }
}
