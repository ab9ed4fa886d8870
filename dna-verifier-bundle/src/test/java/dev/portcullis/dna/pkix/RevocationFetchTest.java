package dev.portcullis.dna.pkix;

import dev.portcullis.testkit.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.dna.DnaSettings.RevocationPolicy;
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
 * OCSP fetching (RFC 6960, RFC 5280 §4.2.2.1) under each pkix.revocation policy: the certificate names an OCSP
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

    private ProofResult prove(RevocationPolicy policy) throws Exception {
        TrustStore trust = TrustStore.load(false, List.of(CA.writeCertificate(dir.resolve("ca.pem"))));
        SyncPkix pkix = policy == RevocationPolicy.OFF ? SyncPkix.withoutFetching(trust, clock)
                : SyncPkix.fetching(trust, policy, new RevocationCache(clock, 100), clock);
        return pkix.prove(new VerificationRequest(Direction.OUTBOUND, "revocation.test", "local.test",
                List.of(cert, CA.certificate()), null, null));
    }

    @Test
    void revocationOffAsksNoResponder() throws Exception {
        ProofResult r = prove(RevocationPolicy.OFF);
        assertEquals(ProofStatus.PROVEN, r.status(), r.reason());
        assertTrue(r.reason().endsWith("revocation not checked (pkix.revocation = off)"), r.reason());
    }

    @Test
    void hardFailRefusesAnUnobtainableStatusRfc5280Section63() throws Exception {
        ProofResult r = prove(RevocationPolicy.HARD_FAIL);
        assertEquals(ProofStatus.DISPROVEN, r.status(), r.reason());
        assertEquals("RFC 5280 §6.3", r.specSection());
        assertTrue(r.reason().contains("cannot be obtained and pkix.revocation = hard-fail refuses it"), r.reason());
    }

    @Test
    void softFailAcceptsAnUnreachableResponderAsRevocationUnknownRfc5280Section63() throws Exception {
        ProofResult r = prove(RevocationPolicy.SOFT_FAIL);
        assertEquals(ProofStatus.PROVEN, r.status(), r.reason());
        assertTrue(r.reason().contains("; revocation unknown: "), r.reason());
        assertEquals(null, r.validUntil(), "a failed fetch must not be cached");
    }
}
