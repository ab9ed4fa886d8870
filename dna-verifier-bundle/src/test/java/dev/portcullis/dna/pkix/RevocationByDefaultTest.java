package dev.portcullis.dna.pkix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.ocsp.OpenSslOcspResponder;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PKIX component as deployed, with no revocation setting at all, asks the OCSP responder a certificate
 * names (RFC 6120 §13.7.2 step 5: "check the revocation status"; RFC 5280 §6.3) — a real {@code openssl ocsp}.
 */
class RevocationByDefaultTest {
    private static final TestCa CA = TestCa.create("Revocation default test CA");

    @TempDir
    Path dir;

    @Test
    @DisplayName("RFC 6120 §13.7.2 step 5: with the default configuration a revoked certificate is refused")
    void theDefaultConfigurationRefusesARevokedCertificateRfc6120Section1372() throws Exception {
        try (OpenSslOcspResponder responder = new OpenSslOcspResponder(dir.resolve("ocsp"), CA)) {
            IssuedCertificate revoked = CA.issue("revoked.test").dnsName("revoked.test").ocspUrl(responder.url()).build();
            IssuedCertificate good = CA.issue("good.test").dnsName("good.test").ocspUrl(responder.url()).build();
            responder.revoked(revoked.certificate()).good(good.certificate()).start();
            PkixProoftypeComponent pkix = new PkixProoftypeComponent(Map.of("pkix.system-trust", "false",
                    "pkix.trust-files", CA.writeCertificate(dir.resolve("ca.pem")).toString()));
            try {
                ProofResult refused = pkix.prove(new VerificationRequest(Direction.INBOUND, "revoked.test", "local.test",
                        revoked.chain(), null, null)).toCompletableFuture().get(20, TimeUnit.SECONDS);
                assertEquals(ProofStatus.DISPROVEN, refused.status(), refused.reason());
                assertTrue(refused.reason().contains("revoked"), refused.reason());
                ProofResult proven = pkix.prove(new VerificationRequest(Direction.INBOUND, "good.test", "local.test",
                        good.chain(), null, null)).toCompletableFuture().get(20, TimeUnit.SECONDS);
                assertEquals(ProofStatus.PROVEN, proven.status(), proven.reason());
            } finally {
                pkix.deactivate();
            }
        }
    }
}
