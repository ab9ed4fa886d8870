package dev.portcullis.tls;

import static dev.portcullis.tls.Fixtures.inbound;
import static dev.portcullis.tls.SessionScopeTest.ALPHA_ID;
import static dev.portcullis.tls.SessionScopeTest.BETA_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.Direction;
import dev.portcullis.api.tls.TlsContext;
import dev.portcullis.api.tls.TlsPolicy;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Our outbound engine is created with the peer's host and port, so the provider's client session cache can
 * offer a TLS 1.3 ticket on the next stream to the same peer (RFC 8446 §2.2, §4.6.1; RFC 9325 §3.4). A
 * resumed server session keeps the creation time of the session it resumes; a full handshake made at least
 * a few milliseconds later gets a new one, so the creation time tells the two apart.
 */
class OutboundResumptionTest {

    private static final String PEER_HOST = "127.0.0.1";

    @Test
    @DisplayName("RFC 8446 §2.2: SunJSSE resumes our second TLS 1.3 stream to the same peer host and port")
    void sunResumesTheSecondStreamToTheSamePeerRfc8446Section22() throws Exception {
        TlsPolicy us = Fixtures.policy("sun", "protocols", "TLSv1.3");
        TlsPolicy peer = Fixtures.policy("sun", "protocols", "TLSv1.3");
        long first = handshake(us, peer, 5269);
        Thread.sleep(20);
        assertEquals(first, handshake(us, peer, 5269), "the second stream to 127.0.0.1:5269 was not resumed");
        Thread.sleep(20);
        // control: another port is another cache entry, so the same check does see a full handshake
        assertNotEquals(first, handshake(us, peer, 5270), "a stream to another port resumed a session it never had");
    }

    @Test
    @DisplayName("RFC 8446 §4.6.1: BCJSSE issues no TLS 1.3 tickets, so its second stream is a full handshake")
    void bcDoesNotResumeTls13Rfc8446Section461() throws Exception {
        TlsPolicy us = Fixtures.policy("bc", "protocols", "TLSv1.3");
        TlsPolicy peer = Fixtures.policy("bc", "protocols", "TLSv1.3");
        long first = handshake(us, peer, 5269);
        Thread.sleep(20);
        assertNotEquals(first, handshake(us, peer, 5269),
                "BCJSSE resumed TLS 1.3: update JsseProvider's documentation and README");
    }

    /** One mutually authenticated handshake alpha.test → beta.test; the server session's creation time. */
    private static long handshake(TlsPolicy us, TlsPolicy peer, int port) throws Exception {
        TlsContext out = new TlsContext(Direction.OUTBOUND, "alpha.test", "beta.test", List.of(ALPHA_ID), PEER_HOST, port);
        Handshakes.Outcome o = Handshakes.run(us.newEngine(out), peer.newEngine(inbound("beta.test", "alpha.test", BETA_ID)));
        assertTrue(o.succeeded(), o.errors());
        // deliver the NewSessionTicket (a post-handshake message in TLS 1.3) to the client
        Handshakes.resume(o);
        return o.server().getSession().getCreationTime();
    }
}
