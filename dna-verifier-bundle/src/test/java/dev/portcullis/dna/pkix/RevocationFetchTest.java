package dev.portcullis.dna.pkix;

import dev.portcullis.testkit.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.testkit.TestCa;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Optional OCSP fetching (RFC 6960, RFC 5280 §4.2.2.1) with its soft-fail switch: the certificate names an OCSP
 * responder on a loopback port where nothing listens, so its status cannot be determined.
 */
class RevocationFetchTest {
    private static final TestCa CA = TestCa.create("Revocation test CA");
    private static X509Certificate cert;
    private final MutableClock clock = new MutableClock(Instant.now());

    @TempDir
    Path dir;

    @BeforeAll
    static void issue() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        KeyPair kp = TestCa.KeyAlgorithm.EC_P256.generate();
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(CA.certificate(), BigInteger.valueOf(now
                .toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(7))),
                new X500Name("CN=revocation.test"), kp.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "revocation.test")));
        b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier,
                "http://127.0.0.1:" + closed + "/ocsp")));
        cert = new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(CA.keyPair().getPrivate())));
    }

    private ProofResult prove(boolean fetch, boolean softFail) throws Exception {
        PkixProoftype pkix = new PkixProoftype(TrustStore.load(false, List.of(CA.writeCertificate(dir.resolve("ca.pem")))),
                new ChainValidator(fetch, softFail), clock);
        return pkix.prove(new VerificationRequest(Direction.OUTBOUND, "revocation.test", "local.test",
                List.of(cert, CA.certificate()), null, null));
    }

    @Test
    void fetchingIsOffByDefaultSoNoResponderIsAsked() throws Exception {
        assertEquals(ProofStatus.PROVEN, prove(false, false).status());
    }

    @Test
    void hardFailRefusesAnUndeterminedStatusRfc5280Section63() throws Exception {
        ProofResult r = prove(true, false);
        assertEquals(ProofStatus.DISPROVEN, r.status(), r.reason());
        assertTrue(r.reason().contains("revocation status cannot be determined"), r.reason());
    }

    @Test
    void softFailAcceptsAnUnreachableResponder() throws Exception {
        ProofResult r = prove(true, true);
        assertEquals(ProofStatus.PROVEN, r.status(), r.reason());
    }
}
