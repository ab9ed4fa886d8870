package dev.portcullis.dna.core.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fingerprint form administrators compare with openssl's. */
class FingerprintsTest {
    private static final TestCa CA = TestCa.create("Fingerprint CA");

    private static String openssl(Path pem, String digest) throws Exception {
        Process p = new ProcessBuilder("openssl", "x509", "-in", pem.toString(), "-noout", "-fingerprint", digest)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        p.waitFor(30, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        // "sha256 Fingerprint=AB:CD:…" (OpenSSL 3) or "SHA256 Fingerprint=…" (1.1)
        return out.substring(out.indexOf('=') + 1);
    }

    @Test
    void certificateFingerprintIsWhatOpensslX509PrintsRfc7590Section36(@TempDir Path dir) throws Exception {
        IssuedCertificate c = CA.issue("a.test").dnsName("a.test").build();
        Path pem = Files.writeString(dir.resolve("a.pem"), TestCa.pem(c.certificate()));
        assertEquals(openssl(pem, "-sha256"), Fingerprints.certificate(c.certificate()));
        assertEquals(openssl(pem, "-sha1"), Fingerprints.digest("SHA-1", c.certificate().getEncoded()),
                "the console's SHA-1 column");
    }

    @Test
    void spkiFingerprintSurvivesASameKeyRenewal() {
        IssuedCertificate first = CA.issue("a.test").dnsName("a.test").build();
        IssuedCertificate renewed = CA.issue("a.test").dnsName("a.test").keyPair(first.keyPair()).build();
        assertEquals(Fingerprints.spki(first.certificate()), Fingerprints.spki(renewed.certificate()));
        assertNotEquals(Fingerprints.certificate(first.certificate()), Fingerprints.certificate(renewed.certificate()));
        assertEquals(95, Fingerprints.spki(first.certificate()).length(), "32 upper-case hex pairs and 31 colons");
    }
}
