package dev.portcullis.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.dna.core.dns.DnsAnswer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SRVRecord;

/** The checker tries a domain's endpoints in the order the host's locator does (XEP-0368 §3, RFC 2782). */
class EndpointLocatorTest {
    private static SRVRecord srv(String owner, int priority, int weight, int port, String target) throws Exception {
        return new SRVRecord(Name.fromString(owner), DClass.IN, 300, priority, weight, port, Name.fromString(target));
    }

    @Test
    @DisplayName("XEP-0368 §3: xmpps-server and xmpp-server records are one list ordered by priority, not xmpps first")
    void mixesServicesByPriority() throws Exception {
        DnsAnswer xmpps = new DnsAnswer(DnssecStatus.INSECURE, Rcode.NOERROR, List.of(
                srv("_xmpps-server._tcp.example.test.", 10, 0, 5270, "tls.example.test.")), Instant.EPOCH, null);
        DnsAnswer xmpp = new DnsAnswer(DnssecStatus.INSECURE, Rcode.NOERROR, List.of(
                srv("_xmpp-server._tcp.example.test.", 20, 0, 5269, "backup.example.test."),
                srv("_xmpp-server._tcp.example.test.", 5, 0, 5269, "plain.example.test.")), Instant.EPOCH, null);

        List<String> order = EndpointLocator.endpoints(xmpps, xmpp).stream()
                .map(e -> e.host() + ":" + e.port() + (e.directTls() ? "/tls" : "")).toList();

        assertEquals(List.of("plain.example.test:5269", "tls.example.test:5270/tls", "backup.example.test:5269"), order);
    }

    @Test
    @DisplayName("RFC 4035 §5.5: a bogus answer contributes no endpoint; RFC 2782: a '.' target none either")
    void bogusAndDotTargetsAreSkipped() throws Exception {
        DnsAnswer xmpps = new DnsAnswer(DnssecStatus.BOGUS, Rcode.NOERROR, List.of(
                srv("_xmpps-server._tcp.example.test.", 0, 0, 5270, "tls.example.test.")), Instant.EPOCH, null);
        DnsAnswer xmpp = new DnsAnswer(DnssecStatus.INSECURE, Rcode.NOERROR, List.of(
                srv("_xmpp-server._tcp.example.test.", 0, 0, 0, ".")), Instant.EPOCH, null);

        assertEquals(List.of(), EndpointLocator.endpoints(xmpps, xmpp));
    }
}
