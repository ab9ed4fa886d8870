package dev.portcullis.dna.core.posh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every POSH document shape of RFC 7711 §3.1 and §3.2, and every way to get one wrong. */
class PoshDocumentParserTest {
    private static final String SHA256 = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String SHA512 = Base64.getEncoder().encodeToString(new byte[64]);
    private final PoshDocumentParser parser = new PoshDocumentParser();

    private PoshDocument parse(String json) throws MalformedPoshException {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAFingerprintsDocumentRfc7711Section31() throws Exception {
        PoshDocument d = parse("{\"fingerprints\":[{\"sha-256\":\"" + SHA256 + "\",\"sha-512\":\"" + SHA512
                + "\"}],\"expires\":604800}");
        PoshDocument.Fingerprints f = assertInstanceOf(PoshDocument.Fingerprints.class, d);
        assertEquals(604800, f.expires());
        assertArrayEquals(new byte[32], f.descriptors().get(0).get("sha-256"));
        assertArrayEquals(new byte[64], f.descriptors().get(0).get("sha-512"));
    }

    @Test
    void acceptsUnpaddedAndWrappedBase64AsInTheRfcExamplesRfc7711Section31() throws Exception {
        String unpadded = SHA256.replace("=", "");
        String wrapped = SHA512.substring(0, 40) + "\\n   " + SHA512.substring(40);
        PoshDocument.Fingerprints f = (PoshDocument.Fingerprints) parse("{\"fingerprints\":[{\"sha-256\":\""
                + unpadded + "\"},{\"sha-512\":\"" + wrapped + "\"}],\"expires\":60}");
        assertEquals(2, f.descriptors().size());
    }

    @Test
    void ignoresUnknownHashNamesForAgilityRfc7711Section10() throws Exception {
        PoshDocument.Fingerprints f = (PoshDocument.Fingerprints) parse("{\"fingerprints\":[{\"sha3-256\":\"abc\","
                + "\"SHA-384\":\"" + Base64.getEncoder().encodeToString(new byte[48]) + "\"},{\"md5\":\"x\"}],"
                + "\"expires\":60}");
        assertEquals(1, f.descriptors().size());
        assertTrue(f.descriptors().get(0).containsKey("sha-384"));
    }

    @Test
    void readsAReferenceDocumentRfc7711Section32() throws Exception {
        PoshDocument.Reference r = assertInstanceOf(PoshDocument.Reference.class,
                parse("{\"url\":\"https://hosting.example/.well-known/posh/xmpp-server.json\",\"expires\":86400}"));
        assertEquals("hosting.example", r.url().getHost());
        assertEquals(86400, r.expires());
    }

    @Test
    void keepsExpiresZeroForTheCallerToRefuseRfc7711Section31() throws Exception {
        assertEquals(0, parse("{\"fingerprints\":[{\"sha-256\":\"" + SHA256 + "\"}],\"expires\":0}").expires());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON                      | {fingerprints:           | not valid JSON",
        "a JSON array                  | []                       | not a JSON object",
        "a JSON string                 | \"posh\"                 | not a JSON object",
        "trailing garbage              | {\"expires\":1,\"url\":\"https://a.example/\"} {} | more after",
        "no expires                    | {\"fingerprints\":[{\"sha-256\":\"" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" + "\"}]} | \"expires\" member is missing",
        "negative expires              | {\"url\":\"https://a.example/\",\"expires\":-1} | not a non-negative integer",
        "fractional expires            | {\"url\":\"https://a.example/\",\"expires\":1.5} | not a non-negative integer",
        "string expires                | {\"url\":\"https://a.example/\",\"expires\":\"60\"} | not a non-negative integer",
        "both url and fingerprints     | {\"url\":\"https://a.example/\",\"fingerprints\":[],\"expires\":1} | both \"url\" and \"fingerprints\"",
        "neither                       | {\"expires\":1}          | neither",
        "fingerprints not an array     | {\"fingerprints\":{},\"expires\":1} | not an array",
        "empty fingerprints            | {\"fingerprints\":[],\"expires\":1} | at least one",
        "descriptor not an object      | {\"fingerprints\":[\"abc\"],\"expires\":1} | not an object",
        "hash value not a string       | {\"fingerprints\":[{\"sha-256\":42}],\"expires\":1} | not a string",
        "hash value not base64         | {\"fingerprints\":[{\"sha-256\":\"!!!!\"}],\"expires\":1} | not base64",
        "digest of the wrong length    | {\"fingerprints\":[{\"sha-256\":\"AAAA\"}],\"expires\":1} | not the 32",
        "only unknown hashes           | {\"fingerprints\":[{\"md5\":\"AAAA\"}],\"expires\":1} | no fingerprint uses a hash",
        "url not a string              | {\"url\":7,\"expires\":1} | not a string",
        "url over plain HTTP           | {\"url\":\"http://a.example/x.json\",\"expires\":1} | not an HTTPS URI",
        "url not a URI                 | {\"url\":\"https://a b/\",\"expires\":1} | not a URI",
        "duplicate member              | {\"expires\":1,\"expires\":2,\"url\":\"https://a.example/\"} | not valid JSON",
    })
    void rejectsMalformedDocumentsWithAClearReasonRfc7711Section3(String what, String json, String reason) {
        MalformedPoshException e = assertThrows(MalformedPoshException.class, () -> parse(json), what);
        assertTrue(e.getMessage().contains(reason), what + ": " + e.getMessage());
    }
}
