package dev.portcullis.checker;

import static dev.portcullis.checker.RecordsFixture.EE_DER_SHA256_B64;
import static dev.portcullis.checker.RecordsFixture.EE_DER_SHA512_B64;
import static dev.portcullis.checker.RecordsFixture.EE_SPKI_SHA256;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.api.dna.DnssecStatus;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code check} tells the administrator to publish when DANE or POSH is missing or stale. */
class PublishAdviceTest {
    static final Endpoint EP = new Endpoint("xmpp.example.org", 5269, false, "_xmpp-server._tcp SRV",
            DnssecStatus.SECURE);

    @TempDir
    Path tmp;

    List<X509Certificate> chain() throws Exception {
        return CertificateFile.read(RecordsFixture.copy("xmpp.example.org-chain.pem", tmp));
    }

    @Test
    @DisplayName("RFC 7673 §3.3: no TLSA record: the exact 3 1 1 record to publish")
    void missingTlsaGivesTheRecordToPublishRfc7673Section33() throws Exception {
        assertEquals(List.of(
                "DANE: no TLSA record at _5269._tcp.xmpp.example.org. (RFC 7673 §3.3); publish it in the DNSSEC-signed zone:",
                "  _5269._tcp.xmpp.example.org. IN TLSA 3 1 1 " + EE_SPKI_SHA256,
                "  (./portcullis tlsa <certificate.pem> --host xmpp.example.org --port 5269 prints it with comments)"),
                PublishAdvice.dane(EP, chain(), dane(DaneFacts.Status.NONE)));
    }

    @Test
    @DisplayName("RFC 7671 §5: a TLSA record that matches nothing is stale: the replacement")
    void staleTlsaGivesTheReplacementRfc7671Section5() throws Exception {
        assertEquals("DANE: the TLSA records at _5269._tcp.xmpp.example.org. are stale (none matches the served "
                        + "certificate, RFC 7671 §5); replace them with:",
                PublishAdvice.dane(EP, chain(), dane(DaneFacts.Status.MISMATCH)).get(0));
    }

    @Test
    void matchingDaneOrNoCertificateGivesNoAdvice() throws Exception {
        assertEquals(List.of(), PublishAdvice.dane(EP, chain(), dane(DaneFacts.Status.MATCH)));
        assertEquals(List.of(), PublishAdvice.dane(EP, List.of(), dane(DaneFacts.Status.NONE)));
        assertEquals(List.of(), PublishAdvice.dane(EP, chain(),
                new DaneFacts(DaneFacts.Status.NOT_CHECKED, null, List.of(), null, "no DNS used")));
    }

    @Test
    @DisplayName("RFC 7711 §3.1: no POSH document and no PKIX proof: the exact document to serve")
    void missingPoshWithoutPkixGivesTheDocumentRfc7711Section31() throws Exception {
        PoshFacts none = new PoshFacts(PoshFacts.Status.NOT_PUBLISHED, PoshCheck.url("example.org"), "HTTP 404");
        assertEquals(List.of(
                "POSH: nothing at https://example.org/.well-known/posh/xmpp-server.json, and PKIX cannot prove the "
                        + "certificate; serve this there (RFC 7711 §3.1):",
                "  {",
                "    \"fingerprints\" : [ {",
                "      \"sha-256\" : \"" + EE_DER_SHA256_B64 + "\",",
                "      \"sha-512\" : \"" + EE_DER_SHA512_B64 + "\"",
                "    } ],",
                "    \"expires\" : 86400",
                "  }",
                "  (./portcullis posh <certificate.pem> prints it)"),
                PublishAdvice.posh(none, List.of(chain().get(0)), false, false));
        assertEquals(List.of(), PublishAdvice.posh(none, List.of(chain().get(0)), true, false),
                "PKIX proves the domain: POSH is optional");
    }

    @Test
    void stalePoshIsAdvisedEvenWhenPkixProves() throws Exception {
        PoshFacts stale = new PoshFacts(PoshFacts.Status.MISMATCH, PoshCheck.url("example.org"), "no match");
        assertEquals("POSH: the document at https://example.org/.well-known/posh/xmpp-server.json is stale (no "
                        + "fingerprint matches the served certificate, RFC 7711 §3.3); replace it with:",
                PublishAdvice.posh(stale, List.of(chain().get(0)), true, false).get(0));
    }

    @Test
    void theTextReportEndsWithThePublishSection() throws Exception {
        PoshFacts posh = new PoshFacts(PoshFacts.Status.MATCH, PoshCheck.url("example.org"), null);
        PublishAdvice.Lines lines = new PublishAdvice.Lines();
        lines.add(PublishAdvice.dane(EP, chain(), dane(DaneFacts.Status.NONE)));
        lines.add(PublishAdvice.dane(EP, chain(), dane(DaneFacts.Status.NONE)));
        Report r = new Report("example.org", "check.portcullis.invalid", Instant.parse("2026-12-01T00:00:00Z"), null,
                posh, List.of(), Grade.A, List.of(), List.of(), lines.lines());
        assertEquals(3, r.advice().size(), "one endpoint's record once, however many endpoints share it");
        String text = TextReport.render(r);
        assertEquals("\nPublish\n  " + String.join("\n  ", r.advice()) + "\n",
                text.substring(text.indexOf("\nPublish\n")), text);
    }

    static DaneFacts dane(DaneFacts.Status status) {
        return new DaneFacts(status, "_5269._tcp.xmpp.example.org", List.of(), null, "x");
    }
}
