package dev.portcullis.dna.dane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.Endpoint;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.dna.DnssecTestTree;
import dev.portcullis.dna.core.dane.TlsaMatcher;
import dev.portcullis.dna.core.pkix.ChainValidator;
import dev.portcullis.testkit.IssuedCertificate;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The DANE prooftype over real DNSSEC answers from BIND (RFC 7673 §3, §4; RFC 7712 §5.1). */
class DaneDnssecTest {
    private static DnssecTestTree tree;
    private static DaneProoftype dane;

    @BeforeAll
    static void start() throws Exception {
        tree = DnssecTestTree.get();
        // no CA is trusted: DANE must stand on DNSSEC alone
        dane = new DaneProoftype(tree.locator, new TlsaMatcher(Set.of(),
                new ChainValidator(false, false)), Clock.systemUTC());
    }

    private static Endpoint endpoint(String domain) throws Exception {
        return tree.locator.locateDetailed(domain).toCompletableFuture().get(20, TimeUnit.SECONDS).resolution()
                .endpoints().get(0);
    }

    private static ProofResult outbound(String domain, IssuedCertificate cert) throws Exception {
        return dane.prove(new VerificationRequest(Direction.OUTBOUND, domain, "local.test", cert.chain(),
                endpoint(domain), null)).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static ProofResult inbound(String domain, IssuedCertificate cert) throws Exception {
        return dane.prove(new VerificationRequest(Direction.INBOUND, domain, "local.test", cert.chain(), null, null))
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void aSecureMatchingTlsaProvesTheServerRfc7673Section42() throws Exception {
        ProofResult r = outbound("good.test", DnssecTestTree.GOOD);
        assertEquals(ProofStatus.PROVEN, r.status(), r.reason());
        assertTrue(r.reason().contains("DANE-EE(3) SPKI(1) SHA2-256(1)"), r.reason());
    }

    @Test
    void aStaticRouteIsNotApplicableRatherThanDisprovenRfc7673Section3() throws Exception {
        // a lab route configured by the administrator (dev.portcullis.server routes): no DNS was consulted
        Endpoint route = new Endpoint("127.0.0.1", 5270, false, dev.portcullis.api.dna.EndpointSource.STATIC, 0, 0,
                List.of(java.net.InetAddress.getLoopbackAddress()), dev.portcullis.api.dna.DnssecStatus.INDETERMINATE,
                List.of(), dev.portcullis.api.dna.DnssecStatus.INDETERMINATE);
        ProofResult r = dane.prove(new VerificationRequest(Direction.OUTBOUND, "good.test", "local.test",
                DnssecTestTree.GOOD.chain(), route, null)).toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertEquals(ProofStatus.NOT_APPLICABLE, r.status(), r.reason());
    }

    @Test
    void aSecureTlsaMatchingNothingDisprovesRfc7673Section42() throws Exception {
        ProofResult r = outbound("mismatch.test", DnssecTestTree.GOOD);
        assertEquals(ProofStatus.DISPROVEN, r.status(), r.reason());
        assertTrue(r.reason().contains("match nothing"), r.reason());
    }

    @Test
    void anUnsignedZoneIsNotApplicableRfc7673Section3() throws Exception {
        ProofResult r = outbound("unsigned.test", DnssecTestTree.GOOD);
        assertEquals(ProofStatus.NOT_APPLICABLE, r.status(), r.reason());
    }

    @Test
    void inboundChecksTheInitiatingDomainsSrvTargetsTlsaRfc7712Section42() throws Exception {
        assertEquals(ProofStatus.PROVEN, inbound("good.test", DnssecTestTree.GOOD).status());
        assertEquals(ProofStatus.DISPROVEN, inbound("good.test", DnssecTestTree.OTHER).status());
    }

    @Test
    void inboundBogusSrvDisprovesFailClosedRfc7673Section31() throws Exception {
        ProofResult r = inbound("bogus.test", DnssecTestTree.GOOD);
        assertEquals(ProofStatus.DISPROVEN, r.status(), r.reason());
        assertTrue(r.reason().contains("bogus"), r.reason());
    }

    @Test
    void inboundExpiredSignaturesDisproveRfc4035Section531() throws Exception {
        assertEquals(ProofStatus.DISPROVEN, inbound("expired.test", DnssecTestTree.GOOD).status());
    }

    @Test
    void aBogusTargetIsSkippedButCountsAgainstAnUnmatchedCertificateRfc7673Section32() throws Exception {
        assertEquals(ProofStatus.PROVEN, inbound("split.test", DnssecTestTree.GOOD).status());
        ProofResult r = inbound("split.test", DnssecTestTree.OTHER);
        assertEquals(ProofStatus.DISPROVEN, r.status());
        assertTrue(r.reason().contains("xmpp.bogus.test"), r.reason());
    }

    @Test
    void aTenantDelegatingBySecureSrvIsProvenByItsHostersTlsaRfc7712Section6() throws Exception {
        ProofResult r = outbound("hosted.test", DnssecTestTree.GOOD);
        assertEquals(ProofStatus.PROVEN, r.status(), r.reason());
    }

    @Test
    void theFallbackEndpointUsesTlsaAtPort5269OfTheDomain() throws Exception {
        assertEquals(ProofStatus.PROVEN, outbound("fallback.test", DnssecTestTree.FALLBACK).status());
        assertEquals(ProofStatus.DISPROVEN, outbound("fallback.test", DnssecTestTree.GOOD).status());
    }
}
