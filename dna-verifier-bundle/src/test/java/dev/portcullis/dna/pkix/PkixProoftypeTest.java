package dev.portcullis.dna.pkix;

import dev.portcullis.testkit.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.api.dna.Endpoint;
import dev.portcullis.api.dna.EndpointSource;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PKIX prooftype end to end over real certificates: RFC 5280 §6 chains, RFC 6120 §13.7 names. */
class PkixProoftypeTest {
    private static final TestCa CA = TestCa.create("PKIX test CA");
    private final MutableClock clock = new MutableClock(Instant.now());

    @TempDir
    Path dir;

    private SyncPkix pkix() throws IOException {
        Path ca = CA.writeCertificate(dir.resolve("ca.pem"));
        return SyncPkix.withoutFetching(TrustStore.load(false, List.of(ca)), clock);
    }

    private static VerificationRequest request(Direction d, String domain, IssuedCertificate cert, Endpoint e) {
        return new VerificationRequest(d, domain, "local.test", cert.chain(), e, null);
    }

    @Test
    void provesATrustedCertificateNamingThePeerRfc6120Section1372() throws IOException {
        ProofResult r = pkix().prove(request(Direction.OUTBOUND, "example.test",
                CA.issue("example.test").dnsName("example.test").build(), null));
        assertEquals(ProofStatus.PROVEN, r.status(), r.reason());
        assertTrue(r.validUntil() != null && r.validUntil().isAfter(clock.instant()));
    }

    @Test
    void disprovesAChainFromAnUntrustedCaRfc5280Section6() throws IOException {
        TestCa rogue = TestCa.create("Rogue CA");
        ProofResult r = pkix().prove(request(Direction.OUTBOUND, "example.test",
                rogue.issue("example.test").dnsName("example.test").build(), null));
        assertEquals(ProofStatus.DISPROVEN, r.status());
        assertTrue(r.reason().contains("trusted CA"), r.reason());
    }

    @Test
    void disprovesAnExpiredCertificateRfc5280Section6() throws IOException {
        IssuedCertificate cert = CA.issue("example.test").dnsName("example.test").build();
        clock.advance(Duration.between(clock.instant(), cert.certificate().getNotAfter().toInstant()).plusDays(1));
        ProofResult r = pkix().prove(request(Direction.OUTBOUND, "example.test", cert, null));
        assertEquals(ProofStatus.DISPROVEN, r.status());
        assertTrue(r.reason().contains("expired"), r.reason());
    }

    @Test
    void disprovesATrustedCertificateForAnotherDomainRfc6125Section6() throws IOException {
        ProofResult r = pkix().prove(request(Direction.OUTBOUND, "example.test",
                CA.issue("hosting.test").dnsName("hosting.test").build(), null));
        assertEquals(ProofStatus.DISPROVEN, r.status());
        assertTrue(r.reason().contains("DNS:hosting.test"), r.reason());
    }

    @Test
    void acceptsAServerAuthOnlyCertificateFromAnInitiatingServerRfc6120Section13722() throws IOException {
        IssuedCertificate cert = CA.issue("example.test").dnsName("example.test").extendedKeyUsage(true, false).build();
        assertEquals(ProofStatus.PROVEN, pkix().prove(request(Direction.INBOUND, "example.test", cert, null)).status());
    }

    @Test
    void refusesAClientAuthOnlyCertificateFromAReceivingServerRfc5280Section42112() throws IOException {
        IssuedCertificate cert = CA.issue("example.test").dnsName("example.test").extendedKeyUsage(false, true).build();
        ProofResult r = pkix().prove(request(Direction.OUTBOUND, "example.test", cert, null));
        assertEquals(ProofStatus.DISPROVEN, r.status());
        assertTrue(r.reason().contains("serverAuth"), r.reason());
        assertEquals(ProofStatus.PROVEN, pkix().prove(request(Direction.INBOUND, "example.test", cert, null)).status());
    }

    @Test
    void acceptsTheSecureSrvTargetNameOnlyWhenTheSrvWasSecureRfc7673Section41() throws IOException {
        IssuedCertificate cert = CA.issue("xmpp.hosting.test").dnsName("xmpp.hosting.test").build();
        Endpoint secure = new Endpoint("xmpp.hosting.test", 5269, false, EndpointSource.XMPP_SRV, 0, 0, List.of(),
                DnssecStatus.SECURE, List.of(), DnssecStatus.SECURE);
        Endpoint insecure = new Endpoint("xmpp.hosting.test", 5269, false, EndpointSource.XMPP_SRV, 0, 0, List.of(),
                DnssecStatus.INSECURE, List.of(), DnssecStatus.INSECURE);
        assertEquals(ProofStatus.PROVEN, pkix().prove(request(Direction.OUTBOUND, "tenant.test", cert, secure)).status());
        assertEquals(ProofStatus.DISPROVEN,
                pkix().prove(request(Direction.OUTBOUND, "tenant.test", cert, insecure)).status());
    }

    @Test
    void saysNotApplicableWhenNoCertificateWasPresented() throws IOException {
        ProofResult r = pkix().prove(new VerificationRequest(Direction.INBOUND, "example.test", "local.test",
                List.of(), null, null));
        assertEquals(ProofStatus.NOT_APPLICABLE, r.status());
    }
}
