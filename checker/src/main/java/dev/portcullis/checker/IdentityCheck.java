package dev.portcullis.checker;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * RFC 6120 §13.7.1.2 and RFC 6125 §6: does the end-entity certificate name the XMPP domain? Reference
 * identifiers are the DNS-ID (the domain), the SRV-ID ({@code _xmpp-server.<domain>}, and for direct TLS also
 * {@code _xmpps-server.<domain>}, RFC 4985) and the XmppAddr (RFC 6120 §13.7.1.4). The CN is not used:
 * RFC 6125 §6.4.4 allows it only without any subjectAltName, and RFC 6120 servers present SANs.
 */
final class IdentityCheck {
    private IdentityCheck() {
    }

    static IdentityFacts check(List<String> subjectAltNames, String domain) {
        String ref = normalise(domain);
        List<String> dns = new ArrayList<>();
        List<String> srv = new ArrayList<>();
        List<String> xmpp = new ArrayList<>();
        for (String san : subjectAltNames) {
            if (san.startsWith("DNS:")) {
                dns.add(san.substring(4));
            } else if (san.startsWith("SRV:")) {
                srv.add(san.substring(4));
            } else if (san.startsWith("XmppAddr:")) {
                xmpp.add(san.substring(9));
            }
        }
        for (String id : dns) {
            if (dnsIdMatches(id, ref)) {
                return new IdentityFacts(true, "DNS-ID " + id, dns, srv, xmpp);
            }
        }
        for (String id : srv) {
            String n = normalise(id);
            if (n.equals("_xmpp-server." + ref) || n.equals("_xmpps-server." + ref)) {
                return new IdentityFacts(true, "SRV-ID " + id, dns, srv, xmpp);
            }
        }
        for (String id : xmpp) {
            if (normalise(id).equals(ref)) {
                return new IdentityFacts(true, "XmppAddr " + id, dns, srv, xmpp);
            }
        }
        return new IdentityFacts(false, null, dns, srv, xmpp);
    }

    /**
     * RFC 6125 §6.4.1 (case-insensitive, A-label comparison) and §6.4.3 (a wildcard only as the whole left-most
     * label, matching exactly one label).
     */
    static boolean dnsIdMatches(String presented, String reference) {
        String p = normalise(presented);
        if (p.startsWith("*.")) {
            int dot = reference.indexOf('.');
            return dot > 0 && reference.substring(dot + 1).equals(p.substring(2)) && p.substring(2).contains(".");
        }
        return p.equals(reference);
    }

    private static String normalise(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        try {
            return IDN.toASCII(n, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return n.toLowerCase(Locale.ROOT);
        }
    }
}
