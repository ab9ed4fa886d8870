package dev.portcullis.dna.core.names;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Matches reference identifiers against presented identifiers: RFC 6120 §13.7.1.2 and RFC 6125 §6.4. Every name
 * is compared in the form of {@link DomainNames#toAscii} (A-labels, case-insensitive, no trailing dot).
 *
 * <p>Wildcards (RFC 6125 §6.4.3, RFC 6120 §13.7.1.2.1): only a {@code *} that is the complete left-most label of
 * a DNS-ID (or of a CN-ID) is honoured, and it stands for exactly one label. Stricter than §6.4.3, as §7.2 asks:
 * no partial-label wildcards ({@code f*.example.test}), none in other labels, none in SRV-IDs or XmppAddrs, and
 * none whose base is a single label ({@code *.test}, {@code *.com}: a wildcard over a top-level domain vouches for
 * every domain under it). Without a public-suffix list, {@code *.co.uk} is not refused here; CAs must not issue it.
 */
public final class NameMatcher {
    private static final String SRV_PREFIX = "_xmpp-server.";

    private NameMatcher() {
    }

    /**
     * Which presented identifier matches, if any.
     *
     * @param domain      the XMPP service domain: matched as DNS-ID, SRV-ID {@code _xmpp-server.<domain>} and
     *                    XmppAddr (RFC 6120 §13.7.1.2)
     * @param extraDnsIds further DNS-ID reference identifiers, e.g. a DNSSEC-secure SRV target (RFC 7673 §4.1)
     * @return a description such as {@code DNS-ID example.test for example.test (RFC 6125 §6.4.1)}
     */
    public static Optional<String> match(PresentedIdentifiers presented, String domain, List<String> extraDnsIds) {
        Optional<String> reference = DomainNames.toAscii(domain);
        if (reference.isEmpty()) {
            return Optional.empty();
        }
        String ref = reference.get();
        for (String srv : presented.srvIds()) {
            // RFC 6125 §6.5.1, RFC 4985: "_Service.Name"; only the server service counts for a server
            if (srv.toLowerCase(Locale.ROOT).startsWith(SRV_PREFIX)
                    && DomainNames.toAscii(srv.substring(SRV_PREFIX.length())).filter(ref::equals).isPresent()) {
                return Optional.of("SRV-ID " + srv + " (RFC 6125 §6.5.1, RFC 6120 §13.7.1.2.1)");
            }
        }
        for (String jid : presented.xmppAddrs()) {
            // RFC 6120 §13.7.1.4: a server's XmppAddr is its bare domain; toAscii refuses '*', '@' and '/'
            if (DomainNames.toAscii(jid).filter(ref::equals).isPresent()) {
                return Optional.of("XmppAddr " + jid + " (RFC 6120 §13.7.1.4)");
            }
        }
        List<String> refs = new ArrayList<>();
        refs.add(ref);
        for (String extra : extraDnsIds) {
            DomainNames.toAscii(extra).ifPresent(refs::add);
        }
        for (String r : refs) {
            for (String dns : presented.dnsIds()) {
                if (dnsIdMatches(dns, r)) {
                    return Optional.of("DNS-ID " + dns + " for " + r + " (RFC 6125 §6.4.1"
                            + (dns.startsWith("*") ? ", wildcard §6.4.3)" : ")"));
                }
            }
        }
        // RFC 6125 §6.4.4: a CN-ID only as a last resort. Stricter than "no DNS-ID, SRV-ID, URI-ID or XmppAddr":
        // any subjectAltName at all rules it out, so a certificate cannot add names through its subject.
        if (!presented.hasSubjectAltName()) {
            for (String r : refs) {
                for (String cn : presented.commonNames()) {
                    if (dnsIdMatches(cn, r)) {
                        return Optional.of("CN-ID " + cn + " for " + r + " (RFC 6125 §6.4.4)");
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * RFC 6125 §6.4.1 to §6.4.3 for one presented DNS domain name against one reference identifier: equal in
     * comparison form, or a wildcard as described in the class comment.
     *
     * @param reference a reference identifier already in {@link DomainNames#toAscii} form
     */
    static boolean dnsIdMatches(String presented, String reference) {
        if (presented == null || reference == null) {
            return false;
        }
        if (presented.startsWith("*.")) {
            Optional<String> base = DomainNames.toAscii(presented.substring(2));
            if (base.isEmpty() || base.get().indexOf('.') < 0) {
                return false; // *.test, *.com: a wildcard over a top-level domain (RFC 6125 §7.2)
            }
            int dot = reference.indexOf('.');
            // exactly one label in place of '*' (RFC 6125 §6.4.3 rule 2): never the base itself, never two labels
            return dot > 0 && reference.substring(dot + 1).equals(base.get());
        }
        // any other '*' (partial label, inner label, bare "*") is no valid host name and matches nothing
        return DomainNames.toAscii(presented).filter(reference::equals).isPresent();
    }
}
