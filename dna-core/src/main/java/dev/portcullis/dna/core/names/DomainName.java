package dev.portcullis.dna.core.names;

import java.net.IDN;
import java.util.Objects;
import java.util.Optional;

/**
 * A DNS domain name in the one form Portcullis compares, queries and stores: A-labels (RFC 5890 §2.3.2.1),
 * lower case, without the root dot, at most 253 octets — the XMPP domainpart of RFC 7622 §3.2 reduced to what
 * DNS and certificates carry (RFC 6125 §6.4.2). IDNA is the JDK's {@link IDN} ({@link DomainNames#toAscii}):
 * IDNA2003 ToASCII with the STD3 rules and no unassigned code points. It agrees with IDNA2008 for every label of
 * letters, digits and hyphens and for almost every U-label; it still maps the few characters IDNA2008 made
 * distinct (ß, ς, ZWJ, ZWNJ), which errs towards refusing a look-alike rather than reaching another domain.
 *
 * @param ascii the name in A-labels, validated by the compact constructor
 */
public record DomainName(String ascii) {
    public DomainName {
        Objects.requireNonNull(ascii, "ascii");
        if (!DomainNames.toAscii(ascii).filter(ascii::equals).isPresent()) {
            throw new IllegalArgumentException("'" + ascii + "' is not a domain name in lower-case A-labels");
        }
    }

    /** {@code text} (U-labels or A-labels, any case, an optional root dot) as a domain name, or empty. */
    public static Optional<DomainName> parse(String text) {
        return DomainNames.toAscii(text).map(DomainName::new);
    }

    /**
     * {@code text} as a domain name.
     *
     * @throws IllegalArgumentException saying why, for an administrator
     */
    public static DomainName of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not a domain name: "
                + "give labels of letters, digits and hyphens (or an internationalised name), separated by dots, "
                + "at most 63 octets each and 253 in all (RFC 7622 §3.2, RFC 5890 §2.3.2.1)"));
    }

    /** The fully qualified form for a DNS query: {@code example.test.}. */
    public String absolute() {
        return ascii + ".";
    }

    /** For display to a person: U-labels where the name has them (RFC 5890 §2.3.2.1). */
    public String unicode() {
        return IDN.toUnicode(ascii);
    }

    @Override
    public String toString() {
        return ascii;
    }
}
