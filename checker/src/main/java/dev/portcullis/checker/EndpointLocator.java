package dev.portcullis.checker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/**
 * Finds the endpoints of an XMPP domain: XEP-0368 {@code _xmpps-server._tcp} (direct TLS) first, then
 * RFC 6120 §3.2.1 {@code _xmpp-server._tcp}, else the domain itself on 5269 (§3.2.2). A lone "." target means
 * the service is decidedly not available (RFC 2782).
 */
final class EndpointLocator {
    private EndpointLocator() {
    }

    static DnsFacts locate(Dns dns, String domain) {
        Dns.Answer xmppsAnswer = dns.query("_xmpps-server._tcp." + domain, Type.SRV);
        Dns.Answer xmppAnswer = dns.query("_xmpp-server._tcp." + domain, Type.SRV);
        DnsFacts.SrvAnswer xmpps = srv("_xmpps-server._tcp." + domain, xmppsAnswer);
        DnsFacts.SrvAnswer xmpp = srv("_xmpp-server._tcp." + domain, xmppAnswer);
        List<Endpoint> endpoints = new ArrayList<>();
        add(xmppsAnswer, true, "_xmpps-server SRV", endpoints);
        add(xmppAnswer, false, "_xmpp-server SRV", endpoints);
        boolean anySrv = !xmpps.records().isEmpty() || !xmpp.records().isEmpty();
        if (!anySrv && xmpp.dnssec() != DnssecState.BOGUS) {
            endpoints.add(new Endpoint(domain, 5269, false, "fallback 5269 (no SRV, RFC 6120 §3.2.2)", xmpp.dnssec()));
        }
        return new DnsFacts(dns.description(), xmpps, xmpp, endpoints);
    }

    private static DnsFacts.SrvAnswer srv(String owner, Dns.Answer a) {
        List<String> records = sorted(a).stream().map(s -> s.getPriority() + " " + s.getWeight() + " " + s.getPort()
                + " " + s.getTarget()).toList();
        return new DnsFacts.SrvAnswer(owner, a.status(), records, a.detail());
    }

    private static void add(Dns.Answer a, boolean directTls, String source, List<Endpoint> out) {
        if (a.status() == DnssecState.BOGUS) {
            return; // bogus data must not be used (RFC 4035 §5.5); the grader reports it
        }
        for (SRVRecord s : sorted(a)) {
            String target = s.getTarget().toString(true);
            if (target.isEmpty() || target.equals(".")) {
                continue;
            }
            out.add(new Endpoint(target, s.getPort(), directTls, source, a.status()));
        }
    }

    private static List<SRVRecord> sorted(Dns.Answer a) {
        return a.records().stream().filter(SRVRecord.class::isInstance).map(SRVRecord.class::cast)
                .sorted(Comparator.comparingInt(SRVRecord::getPriority).thenComparing(r -> -r.getWeight())).toList();
    }
}
