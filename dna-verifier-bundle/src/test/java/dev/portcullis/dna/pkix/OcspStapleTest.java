package dev.portcullis.dna.pkix;

import dev.portcullis.testkit.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stapled OCSP responses (RFC 6960 §4.2, RFC 6066 §8) are honoured even with {@code pkix.revocation = off}. */
class OcspStapleTest {
    private static final TestCa CA = TestCa.create("OCSP test CA");
    private final MutableClock clock = new MutableClock(Instant.now());

    @TempDir
    Path dir;

    /** A real OCSP response signed by the issuing CA itself (RFC 6960 §4.2.2.2). */
    private static byte[] staple(IssuedCertificate cert, CertificateStatus status) throws Exception {
        return staple(cert, status, CA, Instant.now().plus(Duration.ofDays(1)));
    }

    /** A response about {@code cert} signed by {@code signer}'s key, current until {@code nextUpdate}. */
    private static byte[] staple(IssuedCertificate cert, CertificateStatus status, TestCa signer, Instant nextUpdate)
            throws Exception {
        var digests = new JcaDigestCalculatorProviderBuilder().build();
        CertificateID id = new CertificateID(digests.get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(CA.certificate()), cert.certificate().getSerialNumber());
        JcaBasicOCSPRespBuilder b = new JcaBasicOCSPRespBuilder(signer.certificate().getPublicKey(),
                digests.get(CertificateID.HASH_SHA1));
        Instant now = Instant.now();
        b.addResponse(id, status, Date.from(nextUpdate.minus(Duration.ofDays(2))), Date.from(nextUpdate));
        BasicOCSPResp basic = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.keyPair().getPrivate()),
                null, Date.from(now));
        return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
    }

    private ProofResult prove(IssuedCertificate cert, byte[] staple) throws Exception {
        SyncPkix pkix = SyncPkix.withoutFetching(TrustStore.load(false, List.of(CA.writeCertificate(dir.resolve("ca.pem")))),
                clock);
        return pkix.prove(new VerificationRequest(Direction.OUTBOUND, "ocsp.test", "local.test", cert.chain(), null,
                staple));
    }

    @Test
    void aStapledRevokedResponseDisprovesRfc6960Section422() throws Exception {
        IssuedCertificate cert = CA.issue("ocsp.test").dnsName("ocsp.test").build();
        ProofResult r = prove(cert, staple(cert, new RevokedStatus(Date.from(Instant.now().minusSeconds(60)),
                CRLReason.keyCompromise)));
        assertEquals(ProofStatus.DISPROVEN, r.status(), r.reason());
        assertTrue(r.reason().contains("revoked"), r.reason());
    }

    @Test
    void aStapledGoodResponseKeepsTheProofRfc6960Section422() throws Exception {
        IssuedCertificate cert = CA.issue("ocsp.test").dnsName("ocsp.test").build();
        ProofResult r = prove(cert, staple(cert, CertificateStatus.GOOD));
        assertEquals(ProofStatus.PROVEN, r.status(), r.reason());
    }

    @Test
    void noStapleWithRevocationOffMeansNoRevocationCheck() throws Exception {
        IssuedCertificate cert = CA.issue("ocsp.test").dnsName("ocsp.test").build();
        ProofResult r = prove(cert, null);
        assertEquals(ProofStatus.PROVEN, r.status());
        assertTrue(r.reason().endsWith("revocation not checked (pkix.revocation = off)"), r.reason());
    }

    @Test
    void aStapleSignedByAnotherKeyIsNotGoodRfc6960Section4222() throws Exception {
        IssuedCertificate cert = CA.issue("ocsp.test").dnsName("ocsp.test").build();
        ProofResult r = prove(cert, staple(cert, CertificateStatus.GOOD, TestCa.create("Forger"),
                Instant.now().plus(Duration.ofDays(1))));
        assertEquals(ProofStatus.PROVEN, r.status(), r.reason()); // revocation off: the staple is just unusable
        assertTrue(r.reason().contains("; revocation unknown: the OCSP response the peer stapled cannot be used"),
                r.reason());
    }

    @Test
    void aStaleStapleIsNotGoodRfc6960Section4221() throws Exception {
        IssuedCertificate cert = CA.issue("ocsp.test").dnsName("ocsp.test").build();
        ProofResult r = prove(cert, staple(cert, CertificateStatus.GOOD, CA, Instant.now().minus(Duration.ofHours(2))));
        assertTrue(r.reason().contains("; revocation unknown: the OCSP response the peer stapled cannot be used"),
                r.reason());
    }
}
