package dev.portcullis.testkit;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Hostile certificates for tests: a certificate "issued" by an end entity (basicConstraints cA=false), the forgery
 * a peer holding any certificate of a CA could build to pass a check that follows signatures without validating
 * the path (RFC 5280 §6.1.4 (k), RFC 7671 §5.2.2).
 */
public final class ForgedCertificates {
    private ForgedCertificates() {
    }

    /**
     * A certificate for {@code dnsName} signed with {@code signer}'s key and naming it as issuer.
     *
     * @return the chain a forger presents: the forgery, the signing end entity, and the end entity's CA
     */
    public static List<X509Certificate> signedByEndEntity(IssuedCertificate signer, String dnsName) {
        try {
            KeyPair kp = TestCa.KeyAlgorithm.EC_P256.generate();
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(signer.certificate().getSubjectX500Principal().getEncoded()),
                    BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=" + dnsName), kp.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
            X509Certificate forged = new JcaX509CertificateConverter().getCertificate(b.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(signer.keyPair().getPrivate())));
            return List.of(forged, signer.certificate(), signer.issuer());
        } catch (Exception e) {
            throw new IllegalStateException("cannot forge a certificate for " + dnsName, e);
        }
    }
}
