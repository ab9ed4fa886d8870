package dev.portcullis.dna.core.names;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;

/**
 * The one comparison form of a DNS domain name: A-labels (RFC 6125 §6.4.2, IDNA2003 ToASCII with the STD3
 * rules, no unassigned code points), lower case (RFC 6125 §6.4.1, RFC 4343) and without the trailing dot of a
 * fully qualified name.
 */
public final class DomainNames {
    /** RFC 1035 §2.3.4 and RFC 7622 §3.2: at most 253 octets without the trailing dot. */
    static final int MAX_LENGTH = 253;

    private DomainNames() {
    }

    /**
     * {@code name} in comparison form, or empty when it is no valid host name (an empty label, a label over 63
     * octets, a character outside letters, digits and hyphen after IDNA mapping, a {@code *}, an {@code _}).
     */
    public static Optional<String> toAscii(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.empty();
        }
        String ascii;
        try {
            // no ALLOW_UNASSIGNED: certificates and stream headers are stored strings (RFC 3490 §7)
            ascii = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1); // one root dot; U+3002 etc. are mapped to '.' above
        }
        if (ascii.isEmpty() || ascii.endsWith(".") || ascii.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(ascii.toLowerCase(Locale.ROOT));
    }
}
