package dev.portcullis.checker;

import java.util.List;

/**
 * The RFC 6120 §13.7.1.2 / RFC 6125 §6 identity check of the end-entity certificate against the domain.
 *
 * @param matched   whether any presented identifier matches
 * @param matchedBy "DNS-ID good.test", "SRV-ID _xmpp-server.good.test", "XmppAddr good.test", or {@code null}
 * @param dnsIds    presented DNS-IDs
 * @param srvIds    presented SRV-IDs (RFC 4985)
 * @param xmppAddrs presented XmppAddr identifiers (RFC 6120 §13.7.1.4)
 */
record IdentityFacts(boolean matched, String matchedBy, List<String> dnsIds, List<String> srvIds,
                     List<String> xmppAddrs) {
    IdentityFacts {
        dnsIds = List.copyOf(dnsIds);
        srvIds = List.copyOf(srvIds);
        xmppAddrs = List.copyOf(xmppAddrs);
    }
}
