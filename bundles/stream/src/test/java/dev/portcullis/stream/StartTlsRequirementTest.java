package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.api.dna.Endpoint;
import dev.portcullis.api.dna.EndpointSource;
import dev.portcullis.api.dna.TlsaRecord;
import dev.portcullis.api.tls.StartTlsRule;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A secure, usable TLSA RRset makes TLS mandatory (RFC 7673 §3.4, §4), whatever {@code plaintext-domains} says:
 * an outbound stream whose STARTTLS is refused (e.g. by a stripping proxy) must not fall back to plaintext.
 */
class StartTlsRequirementTest {
    private static final String RESPONSE = "<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
            + "xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback' from='beta.test' "
            + "to='alpha.test' id='sid-1' version='1.0'><stream:features/>";
    private static final TlsaRecord DANE_EE = new TlsaRecord(3, 1, 1, new byte[32]);

    private static Endpoint endpoint(DnssecStatus tlsaStatus, List<TlsaRecord> tlsa) {
        return new Endpoint("xmpp.beta.test", 5269, false, EndpointSource.XMPP_SRV, 0, 0,
                List.of(InetAddress.getLoopbackAddress()), DnssecStatus.SECURE, tlsa, tlsaStatus);
    }

    /** beta.test is a plaintext peer by policy; its STARTTLS is answered with a failure, as a stripper would. */
    private static Raw strippedTowards(Endpoint endpoint) {
        Raw r = Raw.outbound(endpoint);
        r.services.policy.plaintextPeers.add(TestPki.BETA);
        r.send(RESPONSE);
        assertTrue(r.output.toString().contains("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"), r.output::toString);
        r.send("<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        return r;
    }

    @Test
    void aSecureUsableTlsaRrsetOverridesPlaintextDomainsRfc7673Section34() {
        Raw r = strippedTowards(endpoint(DnssecStatus.SECURE, List.of(DANE_EE)));
        r.assertStreamError(StreamErrorCondition.POLICY_VIOLATION);
        assertFalse(r.host.noted(SecurityNote.Kind.PLAINTEXT), "no plaintext with a DANE-protected peer");
        assertTrue(r.host.noted(SecurityNote.Kind.TLS_REFUSED));
        assertTrue(r.host.closedWith.text().contains("publishes secure, usable TLSA records at _5269._tcp.xmpp.beta.test"),
                r.host.closedWith.text());
        assertFalse(r.output.toString().contains("<db:result"), "nothing is sent in plaintext");
    }

    @Test
    void plaintextDomainsStillApplyWithoutSecureUsableTlsaRfc7673Section34() {
        for (Endpoint e : List.of(endpoint(DnssecStatus.INSECURE, List.of()), endpoint(DnssecStatus.SECURE, List.of()),
                endpoint(DnssecStatus.SECURE, List.of(new TlsaRecord(255, 1, 1, new byte[32]))))) {
            Raw r = strippedTowards(e);
            assertTrue(r.host.noted(SecurityNote.Kind.PLAINTEXT), () -> e + ": " + r.host.notes);
        }
    }

    @Test
    void onlyTheOutboundEndpointsTlsaDecidesAndOnlyAgainstAPermissivePolicy() {
        Endpoint dane = endpoint(DnssecStatus.SECURE, List.of(DANE_EE));
        assertEquals(StartTlsRule.REQUIRED, StartTlsRequirement.of(StartTlsRule.REQUIRED, "beta.test", dane).rule());
        assertEquals(StartTlsRule.PLAINTEXT_PERMITTED,
                StartTlsRequirement.of(StartTlsRule.PLAINTEXT_PERMITTED, "beta.test", null).rule());
        assertEquals(StartTlsRule.REQUIRED,
                StartTlsRequirement.of(StartTlsRule.PLAINTEXT_PERMITTED, "beta.test", dane).rule());
    }
}
