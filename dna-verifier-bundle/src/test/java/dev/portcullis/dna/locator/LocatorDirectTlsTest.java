package dev.portcullis.dna.locator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.api.dna.Endpoint;
import dev.portcullis.api.dna.EndpointSource;
import dev.portcullis.api.dna.Resolution;
import dev.portcullis.dna.DnssecTestTree;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * XEP-0368 §5 against the real BIND of {@link DnssecTestTree}: the RFC 6120 §3.2.2 A/AAAA fallback is
 * never a direct-TLS endpoint, and is not used at all once the domain published xmpps-server records.
 */
class LocatorDirectTlsTest {
    private static DnssecTestTree tree;

    @BeforeAll
    static void start() throws Exception {
        tree = DnssecTestTree.get();
    }

    private static Resolution locate(String domain) throws Exception {
        return tree.locator.locateDetailed(domain).toCompletableFuture().get(20, TimeUnit.SECONDS).resolution();
    }

    @Test
    void onlyXmppsServerRecordsGiveOnlyDirectTlsEndpointsAndNoAddressFallbackXep0368Section5() throws Exception {
        Resolution r = locate("directonly.test");
        assertEquals(DnssecStatus.SECURE, r.srvStatus(), r.toString());
        assertEquals(1, r.endpoints().size(), "the apex A record is not a fallback target: " + r);
        Endpoint e = r.endpoints().get(0);
        assertEquals(List.of("xmpp.directonly.test", 5270, true, EndpointSource.XMPPS_SRV),
                List.of(e.host(), e.port(), e.directTls(), e.source()));
    }

    @Test
    void aDotXmppsServerTargetWithoutXmppServerRecordsMeansNoAddressFallbackXep0368Section5() throws Exception {
        Resolution r = locate("nodirect.test");
        assertEquals(DnssecStatus.SECURE, r.srvStatus(), r.toString());
        assertEquals(List.of(), r.endpoints(), "nodirect.test has A and AAAA at its apex, and they MUST NOT be used");
        assertTrue(r.problem().contains("no server-to-server service"), r.problem());
    }

    @Test
    void aDotXmppsServerTargetFallsBackToTheXmppServerRecordsXep0368Section5() throws Exception {
        Resolution r = locate("starttlsonly.test");
        assertEquals(1, r.endpoints().size(), r.toString());
        Endpoint e = r.endpoints().get(0);
        assertEquals(List.of("xmpp.starttlsonly.test", 5269, false, EndpointSource.XMPP_SRV),
                List.of(e.host(), e.port(), e.directTls(), e.source()));
    }

    @Test
    void theAddressFallbackIsStartTlsOnPort5269OnlyXep0368Section5() throws Exception {
        // fallback.test has no SRV records of either kind: RFC 6120 §3.2.2 applies, and never as direct TLS
        Resolution r = locate("fallback.test");
        assertEquals(1, r.endpoints().size(), r.toString());
        Endpoint e = r.endpoints().get(0);
        assertEquals(List.of("fallback.test", 5269, false, EndpointSource.FALLBACK),
                List.of(e.host(), e.port(), e.directTls(), e.source()));
        assertFalse(r.endpoints().stream().anyMatch(Endpoint::directTls));
    }
}
