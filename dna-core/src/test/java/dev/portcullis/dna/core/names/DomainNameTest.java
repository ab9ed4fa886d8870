package dev.portcullis.dna.core.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The domain-name type the verifier and the checker normalise every domain into (RFC 7622 §3.2, RFC 5890). */
class DomainNameTest {
    @Test
    @DisplayName("RFC 7622 §3.2, RFC 5890 §2.3.2.1: U-labels and A-labels in any case are one name, in A-labels")
    void oneFormForEverySpellingRfc7622Section32() {
        DomainName u = DomainName.of("Bücher.Example.");
        assertEquals("xn--bcher-kva.example", u.ascii());
        assertEquals(u, DomainName.of("XN--BCHER-KVA.example"));
        assertEquals("xn--bcher-kva.example.", u.absolute());
        assertEquals("bücher.example", u.unicode());
        assertEquals("xn--bcher-kva.example", u.toString());
    }

    @Test
    @DisplayName("RFC 7622 §3.2: what is no domainpart is refused with a reason an administrator can act on")
    void refusesWhatIsNoDomainName() {
        for (String bad : new String[] {"", "a..b", "a_b.test", "*.test", "user@a.test", "a.test/r", "-a.test",
                "x".repeat(64) + ".test", "a\u0000b.test"}) {
            assertEquals(Optional.empty(), DomainName.parse(bad), bad);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DomainName.of("a_b.test"));
        assertTrue(e.getMessage().startsWith("'a_b.test' is not a domain name: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(RFC 7622 §3.2, RFC 5890 §2.3.2.1)"), e.getMessage());
    }

    @Test
    @DisplayName("The record holds only the normal form: a caller cannot build one in upper case or U-labels")
    void theConstructorRefusesAnUnnormalisedName() {
        assertThrows(IllegalArgumentException.class, () -> new DomainName("Example.test"));
        assertThrows(IllegalArgumentException.class, () -> new DomainName("bücher.example"));
        assertThrows(IllegalArgumentException.class, () -> new DomainName("example.test."));
        assertEquals("example.test", new DomainName("example.test").ascii());
    }
}
