package dev.portcullis.demo;

import dev.portcullis.api.stream.StreamView;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading {@code portcullis:streams --json} and printing the RFC 7590 §3.6 table from it. */
class StreamJsonTest {
    /** The shape the host writes (dev.portcullis.api.stream.StreamView). */
    static final String JSON = """
            [ {
              "id" : "s1",
              "direction" : "OUTBOUND",
              "localDomain" : "a.test",
              "peerDomain" : "b.test",
              "authenticatedDomains" : [ "b.test" ],
              "encrypted" : true,
              "tlsVersion" : "TLSv1.3",
              "cipherSuite" : "TLS_AES_128_GCM_SHA256",
              "authMethod" : "SASL_EXTERNAL",
              "prooftype" : "pkix",
              "certificateSha256" : "AA:BB:CC:DD:EE:FF",
              "certificateChangeWarning" : true,
              "certificateChange" : { "kind" : "CHANGED", "previousSha256" : "11:22:33:44:55:66", "firstSeen" : "2026-11-21T21:00:00Z",
                                      "lastChanged" : "2026-11-21T21:01:00Z", "proven" : true },
              "policy" : { "profile" : "rfc9325", "accepted" : true, "namedGroup" : null, "peerKey" : "EC 256", "violations" : [ ] },
              "established" : "2026-11-21T21:01:00Z"
            }, {
              "id" : "s2",
              "direction" : "INBOUND",
              "localDomain" : "a.test",
              "peerDomain" : "legacy.test",
              "authenticatedDomains" : [ ],
              "encrypted" : false,
              "tlsVersion" : null,
              "cipherSuite" : null,
              "authMethod" : "DIALBACK",
              "prooftype" : null,
              "certificateSha256" : null,
              "certificateChangeWarning" : false,
              "established" : "2026-11-21T21:01:00Z"
            } ]
            """;

    @Test
    void parsesTheFactsOfEachStreamRfc7590Section3_6() throws IOException {
        List<StreamView> rows = StreamJson.parse("some shell banner\n" + JSON);
        assertEquals(2, rows.size());
        StreamView out = rows.get(0);
        assertTrue(StreamJson.outbound(out));
        assertEquals("TLSv1.3", out.tlsVersion());
        assertEquals("pkix", out.prooftype());
        assertEquals("CHANGED", StreamJson.changeKind(out));
        assertTrue(out.certificateChangeWarning());
        assertEquals("11:22:33:44:55:66", StreamJson.previousSha256(out));
        StreamView in = rows.get(1);
        assertFalse(in.encrypted());
        assertNull(in.prooftype());
        assertNull(StreamJson.changeKind(in));
    }

    @Test
    void outputWithoutJsonIsAClearError() {
        IOException e = assertThrows(IOException.class, () -> StreamJson.parse("gogo: CommandNotFoundException"));
        assertTrue(e.getMessage().contains("no JSON"), e.getMessage());
    }

    @Test
    void tableIsAlignedAndShowsPlaintextAndChangeWarnings() throws IOException {
        String table = StreamTable.render(StreamJson.parse(JSON));
        List<String> lines = table.lines().toList();
        assertEquals(3, lines.size(), table);
        int peer = lines.get(0).indexOf("PEER");
        assertEquals(peer, lines.get(1).indexOf("b.test"), table);
        assertEquals(peer, lines.get(2).indexOf("legacy.test"), table);
        assertTrue(lines.get(1).contains("WARNING: CHANGED (was 11:22:33:44…)"), table);
        assertTrue(lines.get(2).contains(" NO "), "plaintext must stand out:\n" + table);
        assertTrue(lines.get(2).contains("dialback"), table);
    }
}
