package dev.portcullis.dna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.CertificateChange;
import dev.portcullis.api.dna.CertificateChangeKind;
import dev.portcullis.api.dna.Endpoint;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.Prooftype;
import dev.portcullis.api.dna.Verification;
import dev.portcullis.api.dna.VerificationOutcome;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.dna.dane.DaneProoftypeComponent;
import dev.portcullis.dna.pkix.PkixProoftypeComponent;
import dev.portcullis.testkit.IssuedCertificate;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The verifier with the real PKIX and DANE prooftypes over real DNSSEC: DANE fails closed (RFC 7673 §3). */
class DomainVerifierDnssecTest {
    private static DnssecTestTree tree;
    private static VerifierEngine engine;

    @BeforeAll
    static void start() throws Exception {
        tree = DnssecTestTree.get();
        Path ca = DnssecTestTree.CA.writeCertificate(tree.dir.resolve("tree-ca.pem"));
        Map<String, Object> props = new HashMap<>();
        props.put("pkix.system-trust", "false");
        props.put("pkix.trust-files", ca.toString());
        ProoftypeRegistry registry = new ProoftypeRegistry();
        registry.add(new PkixProoftypeComponent(props), Map.of(Prooftype.NAME_PROPERTY, "pkix"));
        registry.add(new DaneProoftypeComponent(props, tree.locator), Map.of(Prooftype.NAME_PROPERTY, "dane"));
        engine = new VerifierEngine(DnaSettings.parse(Map.of("prooftypes", "pkix,dane")), Clock.systemUTC(),
                registry::get, (domain, c, proven) -> new CertificateChange(CertificateChangeKind.FIRST_SEEN,
                domain, "AA", null, java.time.Instant.now(), java.time.Instant.now(), proven),
                Executors.newSingleThreadScheduledExecutor());
    }

    private static Verification outbound(String domain, IssuedCertificate cert) throws Exception {
        Endpoint e = tree.locator.locateDetailed(domain).toCompletableFuture().get(20, TimeUnit.SECONDS)
                .resolution().endpoints().get(0);
        return engine.verify(new VerificationRequest(Direction.OUTBOUND, domain, "local.test", cert.chain(), e, null))
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void secureTlsaThatContradictsAPkixValidCertificateRejectsRfc7673Section3() throws Exception {
        IssuedCertificate cert = DnssecTestTree.CA.issue("mismatch.test").dnsName("mismatch.test").build();
        Verification v = outbound("mismatch.test", cert);
        assertEquals(ProofStatus.PROVEN, v.results().get(0).status(), "PKIX alone would accept it");
        assertEquals(VerificationOutcome.REJECTED, v.outcome(), v.reason());
    }

    @Test
    void secureMatchingTlsaVerifiesRfc7673Section42() throws Exception {
        Verification v = outbound("good.test", DnssecTestTree.GOOD);
        assertEquals(VerificationOutcome.VERIFIED, v.outcome(), v.reason());
    }

    @Test
    void unsignedZoneLeavesTheDecisionToPkixRfc7673Section3() throws Exception {
        IssuedCertificate cert = DnssecTestTree.CA.issue("unsigned.test").dnsName("unsigned.test").build();
        Verification v = outbound("unsigned.test", cert);
        assertEquals(VerificationOutcome.VERIFIED, v.outcome(), v.reason());
        assertEquals("pkix", v.provenBy());
        assertEquals(ProofStatus.NOT_APPLICABLE, v.results().get(1).status());
    }

    @Test
    void aHostedDomainWhoseCertificateNamesOnlyTheSecureSrvTargetIsVerifiedRfc7712Section6() throws Exception {
        Verification v = outbound("hosted.test", DnssecTestTree.GOOD);
        assertEquals(VerificationOutcome.VERIFIED, v.outcome(), v.reason());
        assertTrue(v.results().stream().allMatch(r -> r.status() == ProofStatus.PROVEN), v.results().toString());
    }
}
