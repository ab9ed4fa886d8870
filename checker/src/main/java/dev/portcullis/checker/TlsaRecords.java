package dev.portcullis.checker;

import dev.portcullis.dna.core.fingerprint.TlsaAssociation;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The TLSA records to publish for an XMPP endpoint (RFC 7673 §3.3: owner {@code _<port>._tcp.<SRV target>.}),
 * in the forms RFC 7671 recommends: {@code 3 1 1} (DANE-EE, SPKI, SHA-256; §5.1) for the end-entity key, or
 * {@code 2 1 1} (DANE-TA; §5.2) for the CA that issued it. SPKI rather than the whole certificate, so a renewal
 * that keeps the key keeps the record valid (RFC 7671 §8.1).
 */
final class TlsaRecords {
    static final int DANE_TA = 2;
    static final int DANE_EE = 3;

    private TlsaRecords() {
    }

    /** {@code _5269._tcp.xmpp.example.org.} for port 5269 of the SRV target {@code xmpp.example.org}. */
    static String owner(String host, int port) {
        return "_" + port + "._tcp." + host + ".";
    }

    /**
     * The one record line for {@code chain} (end entity first) in zone-file syntax.
     *
     * @throws IllegalArgumentException usage 2 and the chain holds no certificate that issued the end entity
     */
    static String record(List<X509Certificate> chain, int usage, String host, int port) {
        return owner(host, port) + " IN TLSA " + usage + " 1 1 "
                + TlsaAssociation.hex(subject(chain, usage), TlsaAssociation.SELECTOR_SPKI, TlsaAssociation.MATCH_SHA256);
    }

    /** The certificate a record of {@code usage} names: the end entity (3), or the CA that issued it (2). */
    static X509Certificate subject(List<X509Certificate> chain, int usage) {
        return switch (usage) {
            case DANE_EE -> chain.get(0);
            case DANE_TA -> {
                java.util.Optional<X509Certificate> issuer = issuerOf(chain);
                if (issuer.isEmpty()) {
                    throw new IllegalArgumentException("the file holds no CA certificate that issued "
                            + chain.get(0).getSubjectX500Principal().getName() + "; a DANE-TA (2) record names the "
                            + "issuing CA (RFC 7671 §5.2): give the full chain (e.g. fullchain.pem), or use --usage 3");
                }
                yield issuer.get();
            }
            default -> throw new IllegalArgumentException("usage " + usage + ": only 3 (DANE-EE) and 2 (DANE-TA) "
                    + "are recommended for XMPP (RFC 7671 §5, RFC 7673 §6)");
        };
    }

    /** The certificate in {@code chain} whose key signed the end entity's (RFC 5280 §6.1.3 (a)(1), (a)(4)). */
    private static java.util.Optional<X509Certificate> issuerOf(List<X509Certificate> chain) {
        X509Certificate ee = chain.get(0);
        for (X509Certificate c : chain.subList(1, chain.size())) {
            if (c.getSubjectX500Principal().equals(ee.getIssuerX500Principal())) {
                try {
                    ee.verify(c.getPublicKey());
                    return java.util.Optional.of(c);
                } catch (java.security.GeneralSecurityException notThisOne) {
                    // same name, other key: keep looking
                }
            }
        }
        return java.util.Optional.empty();
    }
}
