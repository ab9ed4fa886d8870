package dev.portcullis.dna.core.names;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The comparison form of a domain name (RFC 6125 §6.4.1, §6.4.2). */
class DomainNamesTest {

    @Test
    @DisplayName("RFC 6125 §6.4.2: U-labels become A-labels, lower case, without the root dot")
    void uLabelsBecomeLowerCaseALabelsRfc6125Section642() {
        assertEquals(Optional.of("xn--bcher-kva.test"), DomainNames.toAscii("Bücher.TEST."));
        assertEquals(Optional.of("xn--bcher-kva.test"), DomainNames.toAscii("XN--BCHER-KVA.test"));
        assertEquals(Optional.of("a.b"), DomainNames.toAscii("a\u3002b"), "IDNA maps the ideographic full stop");
    }

    @Test
    void invalidHostNamesHaveNoComparisonForm() {
        for (String bad : new String[] {"", ".", "..", "a..b", ".a.b", "a.b..", "a b.test", "a_b.test", "*.test",
                "user@a.test", "a.test/r", "-a.test", "x".repeat(64) + ".test", ("a".repeat(60) + ".").repeat(5)}) {
            assertEquals(Optional.empty(), DomainNames.toAscii(bad), bad);
        }
        assertEquals(Optional.empty(), DomainNames.toAscii(null));
    }
}
