package dev.portcullis.dialback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Configured domain lists compare in dna-core's one domain form (RFC 7622 §3.2, RFC 5890). */
class DomainListTest {
    @Test
    @DisplayName("RFC 7622 §3.2: a U-label entry and its A-label peer are one domain, in any case, with a root dot")
    void uLabelEntryMatchesTheALabelPeer() {
        DomainList list = DomainList.parse("Bücher.example, *.Straße.example");
        assertEquals("xn--bcher-kva.example", list.match("XN--BCHER-KVA.example."));
        assertEquals("xn--bcher-kva.example", list.match("bücher.example"));
        assertEquals("*.strasse.example", list.match("a.strasse.example"));
    }

    @Test
    @DisplayName("A peer's domain is never a pattern: a peer calling itself *.example.org matches no entry")
    void aPatternIsNoPeerDomain() {
        DomainList list = DomainList.parse("*.example.org");
        assertNull(list.match("*.example.org"));
        assertNull(list.match("example.org"), "the pattern covers subdomains only");
        assertEquals("*.example.org", list.match("a.example.org"));
    }

    @Test
    @DisplayName("What is no domain name is refused with the entry named")
    void refusesNonDomains() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DomainList.parse("a_b.test"));
        assertEquals("'a_b.test' is not a domain name or *.domain pattern", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DomainList.parse("*.*.test"));
    }

    @Test
    @DisplayName("XEP-0344 §2.4: the shortcut compares the proven and the claimed domain in one form, never a non-domain")
    void sameDomainComparesNormalForms() {
        assertTrue(DomainList.sameDomain("Bücher.example.", "xn--bcher-kva.example"));
        assertFalse(DomainList.sameDomain("*.example.org", "*.example.org"));
        assertFalse(DomainList.sameDomain("a.example", "b.example"));
    }
}
