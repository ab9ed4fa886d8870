package dev.portcullis.dna.locator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.api.dna.Endpoint;
import dev.portcullis.api.dna.EndpointSource;
import dev.portcullis.api.dna.Resolution;
import dev.portcullis.dna.DnssecTestTree;
import dev.portcullis.dna.core.names.DomainName;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The peer locator against a real BIND serving signed, unsigned and broken zones (RFC 7673 §3, RFC 4035 §5). */
class LocatorDnssecTest {
    private static DnssecTestTree tree;

    @BeforeAll
    static void start() throws Exception {
        tree = DnssecTestTree.get();
    }

    private static LocatedPeer locate(String domain) throws Exception {
        return tree.locator.locateDetailed(domain).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void secureSrvAddressAndTlsaAreReportedSecureRfc7673Section3() throws Exception {
        Resolution r = locate("good.test").resolution();
        assertEquals(DnssecStatus.SECURE, r.srvStatus(), r.toString());
        assertEquals(2, r.endpoints().size(), r.toString());
        Endpoint first = r.endpoints().get(0);
        // XEP-0368 §3: xmpps and xmpp records are ordered together by priority (5 before 10)
        assertEquals(EndpointSource.XMPPS_SRV, first.source());
        assertTrue(first.directTls());
        assertEquals(5270, first.port());
        assertEquals(DnssecStatus.SECURE, first.dnssec());
        assertEquals(DnssecStatus.SECURE, first.tlsaStatus());
        assertEquals(1, first.tlsa().size());
        assertEquals("3 1 1", first.tlsa().get(0).toString().substring(0, 5));
        assertEquals(5269, r.endpoints().get(1).port());
    }

    @Test
    void anUnsignedZoneIsInsecureAndItsTlsaIsNotLookedUpRfc7673Section32() throws Exception {
        Resolution r = locate("unsigned.test").resolution();
        assertEquals(DnssecStatus.INSECURE, r.srvStatus(), r.toString());
        Endpoint e = r.endpoints().get(0);
        assertEquals(DnssecStatus.INSECURE, e.dnssec());
        assertTrue(e.tlsa().isEmpty(), "TLSA in an insecure zone must be ignored");
    }

    @Test
    void corruptedSignaturesMakeTheSrvBogusAndAbortRfc7673Section31() throws Exception {
        LocatedPeer p = locate("bogus.test");
        assertEquals(DnssecStatus.BOGUS, p.resolution().srvStatus(), p.toString());
        assertTrue(p.resolution().endpoints().isEmpty());
        assertTrue(p.resolution().problem().contains("RFC 7673 §3.1"), p.resolution().problem());
    }

    @Test
    void expiredSignaturesAreBogusWithTheValidatorsReasonRfc4035Section531() throws Exception {
        Resolution r = locate("expired.test").resolution();
        assertEquals(DnssecStatus.BOGUS, r.srvStatus(), r.toString());
        assertTrue(r.problem().toLowerCase().contains("expire") || r.problem().contains("EDE"), r.problem());
    }

    @Test
    void aBogusTargetIsSkippedAndTheNextOneUsedRfc7673Section32() throws Exception {
        LocatedPeer p = locate("split.test");
        assertEquals(DnssecStatus.SECURE, p.resolution().srvStatus());
        assertEquals(1, p.resolution().endpoints().size(), p.toString());
        assertEquals("xmpp.good.test", p.resolution().endpoints().get(0).host());
        assertEquals(1, p.skipped().size());
        assertEquals("xmpp.bogus.test", p.skipped().get(0).host());
        assertEquals(DnssecStatus.BOGUS, p.skipped().get(0).status());
        assertTrue(p.resolution().problem().contains("xmpp.bogus.test"));
    }

    @Test
    void withoutSrvFallsBackToTheDomainOnPort5269WithItsTlsaRfc6120Section322() throws Exception {
        Resolution r = locate("fallback.test").resolution();
        assertEquals(1, r.endpoints().size(), r.toString());
        Endpoint e = r.endpoints().get(0);
        assertEquals(EndpointSource.FALLBACK, e.source());
        assertEquals("fallback.test", e.host());
        assertEquals(5269, e.port());
        assertEquals(2, e.addresses().size(), "A and AAAA");
        assertEquals(DnssecStatus.SECURE, e.dnssec());
        assertEquals(1, e.tlsa().size());
    }

    @Test
    void aDotTargetMeansNoServiceRfc2782() throws Exception {
        Resolution r = locate("dead.test").resolution();
        assertTrue(r.endpoints().isEmpty());
        assertTrue(r.problem().contains("no server-to-server service"), r.problem());
    }

    @Test
    void aSecureSrvDelegatingToAnotherZoneKeepsItsTargetsTlsaRfc7712Section6() throws Exception {
        Endpoint e = locate("hosted.test").resolution().endpoints().get(0);
        assertEquals("xmpp.good.test", e.host());
        assertEquals(DnssecStatus.SECURE, e.dnssec());
        assertEquals(1, e.tlsa().size());
    }

    @Test
    void internationalizedDomainsAreLookedUpAsALabels() throws Exception {
        // RFC 6120 §3.2.1 via RFC 5890: the query name is the A-label form; GOOD.test in any case is good.test
        Resolution r = locate("GOOD.test").resolution();
        assertEquals(DnssecStatus.SECURE, r.srvStatus());
        LocatedPeer idn = locate("bücher.test");
        assertEquals("xn--bcher-kva.test", idn.skipped().get(0).host(), idn.toString());
        assertEquals(DnssecStatus.SECURE, idn.resolution().srvStatus(), "NXDOMAIN proven by the signed test. zone");
    }

    @Test
    void aNameThatIsNotADomainIsReportedNotThrown() throws Exception {
        Resolution r = locate("bad name..test").resolution();
        assertEquals(DnssecStatus.INDETERMINATE, r.srvStatus());
        // the one domain-name rule's own reason (RFC 7622 §3.2), as the checker gives it for --domain
        assertEquals(assertThrows(IllegalArgumentException.class, () -> DomainName.of("bad name..test")).getMessage(),
                r.problem());
    }
}
