package dev.portcullis.api.dna;

import java.util.HexFormat;

/**
 * One TLSA record (RFC 6698 §2.1), with the field names of RFC 7218.
 *
 * @param usage        certificate usage: 0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE (RFC 7218 §2.1)
 * @param selector     0 Cert (whole certificate), 1 SPKI (RFC 7218 §2.2)
 * @param matchingType 0 Full, 1 SHA2-256, 2 SHA2-512 (RFC 7218 §2.3)
 * @param data         certificate association data
 */
public record TlsaRecord(int usage, int selector, int matchingType, byte[] data) {
    public static final int PKIX_TA = 0;
    public static final int PKIX_EE = 1;
    public static final int DANE_TA = 2;
    public static final int DANE_EE = 3;
    public static final int SELECTOR_CERT = 0;
    public static final int SELECTOR_SPKI = 1;
    public static final int MATCH_FULL = 0;
    public static final int MATCH_SHA256 = 1;
    public static final int MATCH_SHA512 = 2;

    public TlsaRecord {
        if (usage < 0 || usage > 255 || selector < 0 || selector > 255 || matchingType < 0 || matchingType > 255) {
            throw new IllegalArgumentException("TLSA fields are octets (RFC 6698 §2.1)");
        }
        data = data.clone();
    }

    /**
     * Whether this record is usable (RFC 6698 §4.1, RFC 7671 §4): a known certificate usage, selector and matching
     * type. Unusable records are ignored, and an RRset of only unusable records counts as none (RFC 7673 §3.4, §4.1).
     */
    public boolean usable() {
        return usage <= DANE_EE && selector <= SELECTOR_SPKI && matchingType <= MATCH_SHA512;
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Presentation format, e.g. {@code 3 1 1 ab12…} (RFC 6698 §2.2). */
    @Override
    public String toString() {
        return usage + " " + selector + " " + matchingType + " " + HexFormat.of().formatHex(data);
    }
}
