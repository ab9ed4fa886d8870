package dev.portcullis.dna.pkix;

import java.net.IDN;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Matches reference identifiers against presented identifiers: RFC 6120 §13.7.1.2 and RFC 6125 §6.
 * All names are compared as A-labels (RFC 6125 §6.4.2, via {@link IDN#toASCII}), case-insensitively,
 * without a trailing dot.
 */
public final class NameMatcher {
    private NameMatcher() {
    }

    /**
     * Which presented identifier matches, if any.
     *
     * @param domain      the XMPP service domain: matched as DNS-ID, SRV-ID {@code _xmpp-server.<domain>} and
     *                    XmppAddr (RFC 6120 §13.7.1.2)
     * @param extraDnsIds further DNS-ID reference identifiers, e.g. a DNSSEC-secure SRV target (RFC 7673 §4.1)
     * @return a description such as {@code DNS-ID example.test (RFC 6125 §6.4.1)}
     */
    public static Optional<String> match(PresentedIdentifiers presented, String domain, List<String> extraDnsIds) {
        String ref = aLabel(domain);
        if (ref == null) {
            return Optional.empty();
        }
        for (String srv : presented.srvIds()) {
            // RFC 6125 §6.5.1 / RFC 4985: "_Service.Name", the service part without wildcards
            String lower = srv.toLowerCase(Locale.ROOT);
            if (lower.startsWith("_xmpp-server.") && ref.equals(aLabel(srv.substring("_xmpp-server.".length())))) {
                return Optional.of("SRV-ID " + srv + " (RFC 6125 §6.5.1, RFC 6120 §13.7.1.2.1)");
            }
        }
        for (String jid : presented.xmppAddrs()) {
            // RFC 6120 §13.7.1.4: an XmppAddr for a server is its bare domain; no wildcards
            if (!jid.contains("*") && ref.equals(aLabel(jid))) {
                return Optional.of("XmppAddr " + jid + " (RFC 6120 §13.7.1.4)");
            }
        }
        List<String> refs = new java.util.ArrayList<>();
        refs.add(ref);
        for (String extra : extraDnsIds) {
            String a = aLabel(extra);
            if (a != null) {
                refs.add(a);
            }
        }
        for (String r : refs) {
            for (String dns : presented.dnsIds()) {
                if (dnsMatches(dns, r)) {
                    return Optional.of("DNS-ID " + dns + " for " + r + " (RFC 6125 §6.4.1"
                            + (dns.startsWith("*") ? ", wildcard §6.4.3)" : ")"));
                }
            }
        }
        // RFC 6125 §6.4.4: CN-IDs only when the certificate has no subjectAltName
        if (!presented.hasSubjectAltName()) {
            for (String r : refs) {
                for (String cn : presented.commonNames()) {
                    if (dnsMatches(cn, r)) {
                        return Optional.of("CN-ID " + cn + " for " + r + " (RFC 6125 §6.4.4)");
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * RFC 6125 §6.4.1 and §6.4.3: exact match, or a wildcard that is the entire left-most label, matching
     * exactly one label, with at least two labels after it (never {@code *.test}).
     */
    static boolean dnsMatches(String presented, String reference) {
        if (presented.startsWith("*.")) {
            String rest = aLabel(presented.substring(2));
            if (rest == null || !rest.contains(".")) {
                return false;
            }
            int dot = reference.indexOf('.');
            return dot > 0 && reference.substring(dot + 1).equals(rest);
        }
        if (presented.contains("*")) {
            return false; // partial wildcards ("f*o.example") are not honoured
        }
        String p = aLabel(presented);
        return p != null && p.equals(reference);
    }

    /** The lower-case A-label form without trailing dot, or {@code null} when not a valid name. */
    static String aLabel(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        try {
            String ascii = IDN.toASCII(n, IDN.USE_STD3_ASCII_RULES);
            return ascii.isEmpty() ? null : ascii.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
