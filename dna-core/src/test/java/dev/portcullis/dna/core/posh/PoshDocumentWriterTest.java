package dev.portcullis.dna.core.posh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.portcullis.testkit.TestCa;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the writer produces the strict parser accepts; what RFC 7711 forbids it refuses to write. */
class PoshDocumentWriterTest {
    private final PoshDocumentWriter writer = new PoshDocumentWriter();

    @Test
    @DisplayName("RFC 7711 §3.1: one descriptor per certificate, digests over the DER, round-trips through the parser")
    void fingerprintsRoundTripThroughTheStrictParserRfc7711Section31() throws Exception {
        X509Certificate a = TestCa.create("W CA").issue("a.test").dnsName("a.test").build().certificate();
        X509Certificate b = TestCa.create("W CA 2").issue("a.test").dnsName("a.test").build().certificate();
        PoshDocument.Fingerprints doc = (PoshDocument.Fingerprints) new PoshDocumentParser()
                .parse(writer.fingerprints(List.of(a, b), 60).getBytes(StandardCharsets.UTF_8));
        assertEquals(60, doc.expires());
        assertEquals(2, doc.descriptors().size());
        assertEquals(true, MessageDigest.isEqual(MessageDigest.getInstance("SHA-512").digest(b.getEncoded()),
                doc.descriptors().get(1).get("sha-512")));
        assertEquals(true, MessageDigest.isEqual(MessageDigest.getInstance("SHA-256").digest(a.getEncoded()),
                doc.descriptors().get(0).get("sha-256")));
    }

    @Test
    @DisplayName("RFC 7711 §3.1, §3.2: no zero expiry, no empty list, no reference that is not HTTPS")
    void refusesWhatTheRfcForbidsRfc7711Section32() {
        assertThrows(IllegalArgumentException.class, () -> writer.fingerprints(List.of(), 60));
        assertThrows(IllegalArgumentException.class, () -> writer.reference(URI.create("https://h.test/p"), 0));
        assertThrows(IllegalArgumentException.class, () -> writer.reference(URI.create("http://h.test/p"), 60));
    }
}
