package dev.portcullis.tls;

import static dev.portcullis.tls.Fixtures.ALPHA;
import static dev.portcullis.tls.Fixtures.identity;
import static dev.portcullis.tls.Fixtures.BETA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.Direction;
import dev.portcullis.api.tls.TlsContext;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** ALPN on XEP-0368 direct TLS, both directions, both providers (XEP-0368 §3, RFC 9325 §3.8, RFC 7301 §3.2). */
class AlpnTest {
    private static final dev.portcullis.api.tls.LocalIdentity ALPHA_ID = identity("alpha.test", ALPHA);

    /** Our direct-TLS listener: no local domain yet, SNI chooses (XEP-0368 §3). */
    private static SSLEngine directTlsServer(String provider) throws Exception {
        return Fixtures.policy(provider).newEngine(new TlsContext(Direction.INBOUND, null, null, List.of(ALPHA_ID),
                "127.0.0.1", 0, true));
    }

    private static SSLEngine client(String... alpn) throws Exception {
        SSLEngine c = Fixtures.foreign(BETA, true, null, null);
        SSLParameters p = c.getSSLParameters();
        p.setServerNames(List.of(new javax.net.ssl.SNIHostName("alpha.test")));
        p.setApplicationProtocols(alpn);
        c.setSSLParameters(p);
        return c;
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void directTlsServerSelectsXmppServerRfc9325Section3_8(String provider) throws Exception {
        Handshakes.Outcome o = Handshakes.run(client("h2", "xmpp-server"), directTlsServer(provider));
        assertTrue(o.succeeded(), o.errors());
        assertEquals("xmpp-server", o.client().getApplicationProtocol());
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void directTlsServerRefusesAClientOfferingOnlyOtherProtocolsWithNoApplicationProtocolRfc7301Section3_2(
            String provider) throws Exception {
        Handshakes.Outcome o = Handshakes.run(client("h2", "http/1.1"), directTlsServer(provider));
        System.out.println(provider + " ALPN h2 only: " + o.errors());
        assertFalse(o.succeeded(), "a TLS connection for another protocol must not reach the XMPP stream (ALPACA)");
        assertTrue(o.errors().toLowerCase(java.util.Locale.ROOT).contains("no_application_protocol")
                || o.errors().toLowerCase(java.util.Locale.ROOT).contains("no application protocol"), o.errors());
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void directTlsServerServesAClientWithoutAlpnXep0368Section3(String provider) throws Exception {
        Handshakes.Outcome o = Handshakes.run(client(), directTlsServer(provider));
        assertTrue(o.succeeded(), o.errors());
        String none = o.server().getApplicationProtocol();
        // JSSE says "" for "no ALPN"; Conscrypt says null
        assertTrue(none == null ? provider.equals("conscrypt") : none.isEmpty(), provider + ": " + none);
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void outboundDirectTlsOffersXmppServerAndStarttlsOffersNothingXep0368Section3(String provider) throws Exception {
        TlsPolicyComponent policy = Fixtures.policy(provider);
        SSLEngine direct = policy.newEngine(new TlsContext(Direction.OUTBOUND, "alpha.test", "beta.test",
                List.of(ALPHA_ID), "127.0.0.1", 5270, true));
        assertEquals(List.of("xmpp-server"), List.of(direct.getSSLParameters().getApplicationProtocols()));
        SSLEngine starttls = policy.newEngine(Fixtures.outbound("alpha.test", "beta.test", ALPHA_ID));
        assertEquals(List.of(), List.of(starttls.getSSLParameters().getApplicationProtocols()));

        SSLEngine server = Fixtures.foreign(BETA, false, null, null);
        server.setHandshakeApplicationProtocolSelector((e, offered) -> offered.contains("xmpp-server") ? "xmpp-server" : null);
        Handshakes.Outcome o = Handshakes.run(direct, server);
        assertTrue(o.succeeded(), o.errors());
        assertEquals("xmpp-server", o.client().getApplicationProtocol());
    }

    @ParameterizedTest
    @MethodSource("dev.portcullis.tls.Fixtures#providers")
    void outboundDirectTlsAbortsWhenTheServerSelectsAnotherProtocolRfc9325Section3_8(String provider) throws Exception {
        SSLEngine direct = Fixtures.policy(provider).newEngine(new TlsContext(Direction.OUTBOUND, "alpha.test",
                "beta.test", List.of(ALPHA_ID), "127.0.0.1", 5270, true));
        SSLEngine server = Fixtures.foreign(BETA, false, null, null);
        server.setHandshakeApplicationProtocolSelector((e, offered) -> "h2"); // a server for another protocol
        Handshakes.Outcome o = Handshakes.run(direct, server);
        System.out.println(provider + " server selected h2: " + o.errors());
        assertFalse(o.succeeded(), "RFC 9325 §3.8: the client aborts");
    }
}
