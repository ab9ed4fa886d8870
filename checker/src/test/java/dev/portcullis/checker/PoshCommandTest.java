package dev.portcullis.checker;

import static dev.portcullis.checker.RecordsFixture.EE_DER_SHA256_B64;
import static dev.portcullis.checker.RecordsFixture.EE_DER_SHA512_B64;
import static dev.portcullis.checker.RecordsFixture.copy;
import static dev.portcullis.checker.RecordsFixture.run;
import static dev.portcullis.checker.TlsaCommandTest.assertUsage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.portcullis.dna.core.posh.PoshDocument;
import dev.portcullis.dna.core.posh.PoshDocumentParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./portcullis posh}: the exact POSH documents for a fixed certificate, accepted by the strict parser. */
class PoshCommandTest {
    @TempDir
    Path tmp;

    @Test
    @DisplayName("RFC 7711 §3.1: a fingerprints document with the SHA-256 and SHA-512 of the certificate's DER")
    void printsTheFingerprintsDocumentRfc7711Section31() throws Exception {
        Path chain = copy("xmpp.example.org-chain.pem", tmp);
        RecordsFixture.Run r = run("posh", chain.toString(), "--expires", "3600");
        assertEquals(new RecordsFixture.Run(0, """
                {
                  "fingerprints" : [ {
                    "sha-256" : "%s",
                    "sha-512" : "%s"
                  } ],
                  "expires" : 3600
                }
                """.formatted(EE_DER_SHA256_B64, EE_DER_SHA512_B64), ""), r);
        PoshDocument.Fingerprints doc = assertInstanceOf(PoshDocument.Fingerprints.class,
                new PoshDocumentParser().parse(r.out().getBytes(StandardCharsets.UTF_8)));
        assertEquals(3600, doc.expires());
        assertArrayEquals(Base64.getDecoder().decode(EE_DER_SHA256_B64), doc.descriptors().get(0).get("sha-256"));
    }

    @Test
    @DisplayName("RFC 7711 §3.1: several certificates give one descriptor each, in the order given (rollover)")
    void severalCertificatesGiveOneDescriptorEachRfc7711Section31() throws Exception {
        Path a = copy("xmpp.example.org.pem", tmp);
        Path b = Files.copy(a, tmp.resolve("current.pem"));
        RecordsFixture.Run r = run("posh", a.toString(), b.toString());
        assertEquals(0, r.status(), r::toString);
        PoshDocument.Fingerprints doc = assertInstanceOf(PoshDocument.Fingerprints.class,
                new PoshDocumentParser().parse(r.out().getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, doc.descriptors().size());
        assertEquals(PoshCommand.DEFAULT_EXPIRES, doc.expires());
    }

    @Test
    @DisplayName("RFC 7711 §3.2: --url prints the reference document")
    void urlPrintsTheReferenceDocumentRfc7711Section32() throws Exception {
        Path cert = copy("xmpp.example.org.pem", tmp);
        RecordsFixture.Run r = run("posh", cert.toString(), "--url", "https://hosting.example.net/posh/example.org.json",
                "--expires", "600");
        assertEquals(new RecordsFixture.Run(0, """
                {
                  "url" : "https://hosting.example.net/posh/example.org.json",
                  "expires" : 600
                }
                """, ""), r);
        PoshDocument.Reference doc = assertInstanceOf(PoshDocument.Reference.class,
                new PoshDocumentParser().parse(r.out().getBytes(StandardCharsets.UTF_8)));
        assertEquals("hosting.example.net", doc.url().getHost());
    }

    @Test
    void aMissingFileFailsWithExitStatus1() {
        Path cert = copy("xmpp.example.org.pem", tmp);
        Path missing = tmp.resolve("missing.pem");
        RecordsFixture.Run r = run("posh", cert.toString(), missing.toString());
        assertEquals(new RecordsFixture.Run(1, "", "portcullis posh: no such file: " + missing + "\n"), r);
    }

    @Test
    void badOptionsAreUsageErrorsWithExitStatus2() {
        String c = copy("xmpp.example.org.pem", tmp).toString();
        assertUsage("--expires must be at least 1: 0 declares the fingerprints invalid (RFC 7711 §3.1), got 0",
                "posh", c, "--expires", "0");
        assertUsage("--expires expects a number of seconds, got 'soon'", "posh", c, "--expires", "soon");
        assertUsage("--url expects an HTTPS URL (RFC 7711 §3: POSH servers MUST use HTTPS), got 'http://x.example/p'",
                "posh", c, "--url", "http://x.example/p");
        assertUsage("unknown option --sha1", "posh", c, "--sha1");
        assertUsage("which certificate? e.g. portcullis posh /etc/letsencrypt/live/example.org/cert.pem", "posh");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertEquals(new RecordsFixture.Run(2, "", "portcullis: expected 'tlsa' or 'posh', got 'mx'\n"), run("mx"));
    }
}
