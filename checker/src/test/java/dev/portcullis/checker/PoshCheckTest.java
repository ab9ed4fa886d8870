package dev.portcullis.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portcullis.dna.core.posh.MalformedPoshException;
import dev.portcullis.dna.core.posh.PoshDocument;
import dev.portcullis.dna.core.posh.PoshDocumentParser;
import dev.portcullis.testkit.TestCa;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The checker judges POSH documents with the dna-core parser the host's POSH prooftype uses (RFC 7711 §3). */
class PoshCheckTest {
    private static final X509Certificate CERT = TestCa.create("POSH CA").issue("xmpp.hosting.test").build().certificate();

    private static PoshDocument parse(String json) throws MalformedPoshException {
        return new PoshDocumentParser().parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("RFC 7711 §3.1: a fingerprint wrapped over several lines still matches the served certificate")
    void wrappedBase64Matches() throws Exception {
        String b64 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(CERT.getEncoded()));
        String wrapped = b64.substring(0, 20) + "\\n  " + b64.substring(20);
        PoshDocument doc = parse("{\"fingerprints\":[{\"sha-256\":\"" + wrapped + "\"}],\"expires\":3600}");

        PoshFacts facts = PoshCheck.judge("https://posh.test/", (PoshDocument.Fingerprints) doc, List.of(CERT), Instant.now());

        assertEquals(PoshFacts.Status.MATCH, facts.status());
    }

    @Test
    @DisplayName("RFC 7711 §3.1: a document with both url and fingerprints is malformed, as the host judges it")
    void urlAndFingerprintsRefused() {
        assertThrows(MalformedPoshException.class, () -> parse("{\"url\":\"https://x.test/p.json\","
                + "\"fingerprints\":[{\"sha-256\":\"AAAA\"}],\"expires\":3600}"));
    }

    @Test
    @DisplayName("RFC 7711 §3.1: a document without expires is malformed")
    void missingExpiresRefused() {
        assertThrows(MalformedPoshException.class, () -> parse("{\"fingerprints\":[{\"sha-256\":\"AAAA\"}]}"));
    }

    @Test
    @DisplayName("RFC 7711 §3.3: a digest of another certificate is a mismatch")
    void otherCertificateMismatch() throws Exception {
        X509Certificate other = TestCa.create("other").issue("xmpp.hosting.test").build().certificate();
        String b64 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(other.getEncoded()));
        PoshDocument doc = parse("{\"fingerprints\":[{\"sha-256\":\"" + b64 + "\"}],\"expires\":3600}");

        assertEquals(PoshFacts.Status.MISMATCH,
                PoshCheck.judge("https://posh.test/", (PoshDocument.Fingerprints) doc, List.of(CERT), Instant.now()).status());
    }

    @Test
    @DisplayName("RFC 7711 §6: a published fingerprint does not vouch for an expired certificate, as the host judges it")
    void expiredCertificateIsNoMatch() throws Exception {
        X509Certificate expired = TestCa.create("expired").issue("xmpp.hosting.test")
                .validity(Instant.now().minus(Duration.ofDays(3)), Instant.now().minus(Duration.ofDays(1))).build()
                .certificate();
        String b64 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(expired.getEncoded()));
        PoshDocument doc = parse("{\"fingerprints\":[{\"sha-256\":\"" + b64 + "\"}],\"expires\":3600}");

        PoshFacts facts = PoshCheck.judge("https://posh.test/", (PoshDocument.Fingerprints) doc, List.of(expired),
                Instant.now());

        assertEquals(PoshFacts.Status.MISMATCH, facts.status(), facts.detail());
        assertEquals("the served certificate is outside its validity period, so POSH cannot vouch for it "
                + "(RFC 7711 §6)", facts.detail());
    }
}
