package dev.portcullis.dialback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The published key vectors, quoted from the specifications they come from. */
class DialbackKeysTest {

    /**
     * XEP-0185 §3 (Example):
     * <pre>
     * key = HMAC-SHA256(
     *                    SHA256('s3cr3tf0rd14lb4ck'),
     *                    { 'xmpp.example.com', ' ', 'example.org', ' ', 'D60000229F' }
     *                  )
     *     = HMAC-SHA256(
     *                    'a7136eb1f46c9ef18c5e78c36ca257067c69b3d518285f0b18a96c33beae9acc',
     *                    'xmpp.example.com example.org D60000229F'
     *                  )
     *     = '37c69b1cf07a3f67c04a5ef5902fa5114f2c76fe4a2686482ba5b89323075643'
     * </pre>
     */
    @Test
    void reproducesTheXep0185Section3Example() {
        assertEquals("a7136eb1f46c9ef18c5e78c36ca257067c69b3d518285f0b18a96c33beae9acc",
                SecretFile.sha256("s3cr3tf0rd14lb4ck"), "XEP-0185 §2 note 4: SHA-256 of the secret, in hex");
        assertEquals("37c69b1cf07a3f67c04a5ef5902fa5114f2c76fe4a2686482ba5b89323075643",
                DialbackKeys.compute("s3cr3tf0rd14lb4ck", "xmpp.example.com", "example.org", "D60000229F"));
    }

    /**
     * XEP-0220 §2.1.1 (Example 1, "Initiating Server Sends Dialback Key (Step 1)"):
     * <pre>
     * key = HMAC-SHA256(
     *         SHA256('s3cr3tf0rd14lb4ck'),
     *           { 'montague.example', ' ', 'capulet.example', ' ', 'D60000229F' }
     *       )
     *     = b4835385f37fe2895af6c196b59097b16862406db80559900d96bf6fa7d23df3
     * </pre>
     */
    @Test
    void reproducesTheXep0220Section211InitiatingServerKey() {
        assertEquals("b4835385f37fe2895af6c196b59097b16862406db80559900d96bf6fa7d23df3",
                DialbackKeys.compute(Fixtures.CAPULET_SECRET, Fixtures.MONTAGUE, Fixtures.CAPULET, "D60000229F"));
    }

    /**
     * XEP-0220 §2.2.2 ("Authoritative Server Handles Inbound Verification Request"):
     * <pre>
     * key = HMAC-SHA256(
     *         SHA256('d14lb4ck43v3r'),
     *           { 'capulet.example', ' ', 'montague.example', ' ', '417GAF25' }
     *       )
     *     = 225cc5aa6a071133249d25fef42ae516fc7a86c523aa1c6980a7f73e784c972d
     * </pre>
     */
    @Test
    void reproducesTheXep0220Section222AuthoritativeServerKey() {
        assertEquals("225cc5aa6a071133249d25fef42ae516fc7a86c523aa1c6980a7f73e784c972d",
                DialbackKeys.compute(Fixtures.MONTAGUE_SECRET, Fixtures.CAPULET, Fixtures.MONTAGUE, "417GAF25"));
    }

    @Test
    void keyIsLowercaseHexOf32Octets() {
        String key = DialbackKeys.compute("another secret of some length", "a.example", "b.example", "x");
        assertTrue(key.matches("[0-9a-f]{64}"), key);
    }

    /** XEP-0185 §2 note 5: the separator keeps "example.in"+"form.example.org" apart from "example.info"+"rm.example.org". */
    @Test
    void spaceSeparatorKeepsAmbiguousConcatenationsApart() {
        assertNotEquals(DialbackKeys.compute(Fixtures.CAPULET_SECRET, "example.in", "form.example.org", "id"),
                DialbackKeys.compute(Fixtures.CAPULET_SECRET, "example.info", "rm.example.org", "id"));
    }

    @Test
    void keyBindsTheStreamIdAndTheDomainPair() {
        String key = DialbackKeys.compute(Fixtures.CAPULET_SECRET, Fixtures.MONTAGUE, Fixtures.CAPULET, "D60000229F");
        assertNotEquals(key, DialbackKeys.compute(Fixtures.CAPULET_SECRET, Fixtures.MONTAGUE, Fixtures.CAPULET, "D60000229G"));
        assertNotEquals(key, DialbackKeys.compute(Fixtures.CAPULET_SECRET, Fixtures.CAPULET, Fixtures.MONTAGUE, "D60000229F"));
        assertNotEquals(key, DialbackKeys.compute(Fixtures.MONTAGUE_SECRET, Fixtures.MONTAGUE, Fixtures.CAPULET, "D60000229F"));
    }

    @Test
    void matchingToleratesWhitespaceAndUppercaseHexButNothingElse() {
        String key = DialbackKeys.compute(Fixtures.CAPULET_SECRET, Fixtures.MONTAGUE, Fixtures.CAPULET, "D60000229F");
        assertTrue(DialbackKeys.matches(key, "\n    " + key.toUpperCase() + "\n  "));
        assertFalse(DialbackKeys.matches(key, key.substring(1)));
        assertFalse(DialbackKeys.matches(key, ""));
    }
}
