package dev.portcullis.checker;

import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.dna.core.dns.DnsAnswer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.Type;

/**
 * DANE for an XMPP endpoint (RFC 7673): TLSA at {@code _port._tcp.<SRV target>} (§3.3), used only when the SRV
 * answer (§3.1) and the TLSA answer are DNSSEC-secure. Matching per RFC 6698 §2.1 with the usage rules of
 * RFC 7671 §5: DANE-EE(3) needs no name check, DANE-TA(2) needs the name check, PKIX-TA(0)/PKIX-EE(1) also need
 * PKIX validation.
 */
final class DaneCheck {
    private DaneCheck() {
    }

    static DaneFacts check(Dns dns, Endpoint endpoint, List<X509Certificate> chain, boolean pkixValid,
            boolean nameMatches) {
        if (dns == null) {
            return new DaneFacts(DaneFacts.Status.NOT_CHECKED, null, List.of(), null, "no DNS used");
        }
        String owner = "_" + endpoint.port() + "._tcp." + endpoint.host();
        if (endpoint.dnssec() != DnssecStatus.SECURE) {
            return new DaneFacts(DaneFacts.Status.NOT_CHECKED, owner, List.of(), null,
                    "the SRV answer is " + endpoint.dnssec().name().toLowerCase(java.util.Locale.ROOT)
                            + ", so TLSA is not used (RFC 7673 §3.1)");
        }
        DnsAnswer a = dns.query(owner, Type.TLSA);
        List<String> records = a.records().stream().map(r -> r.rdataToString()).toList();
        if (a.status() == DnssecStatus.BOGUS) {
            return new DaneFacts(DaneFacts.Status.BOGUS, owner, records, null, Dns.detail(a));
        }
        if (a.records().isEmpty()) {
            return new DaneFacts(DaneFacts.Status.NONE, owner, records, null,
                    a.status() == DnssecStatus.INDETERMINATE ? Dns.detail(a) : "no TLSA records");
        }
        if (a.status() != DnssecStatus.SECURE) {
            return new DaneFacts(DaneFacts.Status.NOT_SECURE, owner, records, null,
                    "TLSA records are " + a.status().name().toLowerCase(java.util.Locale.ROOT)
                            + " and must be ignored (RFC 7673 §3.3)");
        }
        for (org.xbill.DNS.Record r : a.records()) {
            TLSARecord t = (TLSARecord) r;
            String why = matches(t, chain, pkixValid, nameMatches);
            if (why == null) {
                return new DaneFacts(DaneFacts.Status.MATCH, owner, records, t.rdataToString(),
                        "matches the served chain");
            }
        }
        return new DaneFacts(DaneFacts.Status.MISMATCH, owner, records, null,
                "no secure TLSA record matches the served chain");
    }

    /** {@code null} when the record matches, else why not. */
    static String matches(TLSARecord t, List<X509Certificate> chain, boolean pkixValid, boolean nameMatches) {
        int usage = t.getCertificateUsage();
        List<X509Certificate> candidates = switch (usage) {
            case 1, 3 -> chain.isEmpty() ? List.of() : List.of(chain.get(0));
            case 0, 2 -> issuers(chain);
            default -> List.of();
        };
        for (X509Certificate c : candidates) {
            byte[] data = associationData(c, t.getSelector(), t.getMatchingType());
            if (data != null && Arrays.equals(data, t.getCertificateAssociationData())) {
                if ((usage == 0 || usage == 1) && !pkixValid) {
                    return "PKIX usage but the chain is not PKIX-valid (RFC 7671 §5.3, §5.4)";
                }
                if (usage != 3 && !nameMatches) {
                    return "the certificate does not name the domain (RFC 7673 §4.2)";
                }
                return null;
            }
        }
        return "no certificate in the chain matches";
    }

    /**
     * The served certificates that issue the end entity, link by link (name and signature), in order: a TA
     * usage (0, 2) names a CA of the certification path, not any certificate the server appended (RFC 6698
     * §2.1.1, RFC 7671 §5.2).
     */
    static List<X509Certificate> issuers(List<X509Certificate> chain) {
        List<X509Certificate> path = new java.util.ArrayList<>();
        if (chain.isEmpty()) {
            return path;
        }
        X509Certificate current = chain.get(0);
        boolean extended = true;
        while (extended && path.size() < chain.size()) {
            extended = false;
            for (X509Certificate c : chain.subList(1, chain.size())) {
                if (!path.contains(c) && c != current && issues(c, current)) {
                    path.add(c);
                    extended = !c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
                    current = c;
                    break;
                }
            }
        }
        return path;
    }

    private static boolean issues(X509Certificate issuer, X509Certificate subject) {
        if (!issuer.getSubjectX500Principal().equals(subject.getIssuerX500Principal())) {
            return false;
        }
        try {
            subject.verify(issuer.getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    static byte[] associationData(X509Certificate c, int selector, int matchingType) {
        try {
            byte[] selected = switch (selector) {
                case 0 -> c.getEncoded();
                case 1 -> c.getPublicKey().getEncoded();
                default -> null;
            };
            if (selected == null) {
                return null;
            }
            return switch (matchingType) {
                case 0 -> selected;
                case 1 -> MessageDigest.getInstance("SHA-256").digest(selected);
                case 2 -> MessageDigest.getInstance("SHA-512").digest(selected);
                default -> null;
            };
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            return null;
        }
    }
}
