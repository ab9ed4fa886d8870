package dev.portcullis.checker;

import dev.portcullis.api.dna.DnssecStatus;
import java.util.List;

/**
 * What DNS said about the domain (RFC 6120 §3.2.1, XEP-0368 §3, RFC 7673 §3.1).
 *
 * @param resolver   the resolver used ("127.0.0.1:5300" or "system")
 * @param xmppsSrv   status of the {@code _xmpps-server._tcp} SRV answer, with its records
 * @param xmppSrv    status of the {@code _xmpp-server._tcp} SRV answer, with its records
 * @param endpoints  the endpoints to try, in order (direct TLS first, XEP-0368 §3)
 */
record DnsFacts(String resolver, SrvAnswer xmppsSrv, SrvAnswer xmppSrv, List<Endpoint> endpoints) {
    DnsFacts {
        endpoints = List.copyOf(endpoints);
    }

    /** One SRV lookup: its DNSSEC status, the records ("priority weight port target"), and a failure reason. */
    record SrvAnswer(String owner, DnssecStatus dnssec, List<String> records, String detail) {
        SrvAnswer {
            records = List.copyOf(records);
        }
    }
}
