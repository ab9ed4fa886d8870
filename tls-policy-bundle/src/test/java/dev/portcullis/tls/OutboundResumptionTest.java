package dev.portcullis.tls;

import static dev.portcullis.tls.Fixtures.inbound;
import static dev.portcullis.tls.SessionScopeTest.ALPHA_ID;
import static dev.portcullis.tls.SessionScopeTest.BETA_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.Direction;
import dev.portcullis.api.tls.TlsContext;
import dev.portcullis.api.tls.TlsPolicy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What TLS 1.3 resumption (RFC 8446 §2.2, §4.6.1; RFC 9325 §3.4) each provider pair does between two
 * federating servers under our policy. Our outbound engine is created with the peer's host and port, so the
 * client's session cache can offer a ticket on the next stream to the same peer. A resumed TLS 1.3 handshake
 * sends no server Certificate, so the server's handshake bytes tell a resumption from a full handshake on
 * every provider (creation times do not: BoringSSL restamps a resumed session).
 * <ul>
 *   <li>SunJSSE server: issues tickets with its last flight and accepts them (psk_dhe_ke).</li>
 *   <li>Conscrypt server: the policy switches its tickets off (BoringSSL's ticket cipher is AES-128-CBC,
 *       RFC 9325 §3.4; with them on, 2.6.0 accepted none back); TLS 1.2 resumes by session ID
 *       ({@link OpenSslResumptionTest}).</li>
 *   <li>BCJSSE server: issues no TLS 1.3 tickets.</li>
 *   <li>SunJSSE and Conscrypt clients resume where the server lets them; BCJSSE's client never offers one.</li>
 * </ul>
 */
class OutboundResumptionTest {

    private static final String PEER_HOST = "127.0.0.1";

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of("sun", "sun", true), Arguments.of("conscrypt", "sun", true),
                Arguments.of("bc", "sun", false),
                Arguments.of("sun", "conscrypt", false), Arguments.of("conscrypt", "conscrypt", false),
                Arguments.of("bc", "conscrypt", false),
                Arguments.of("sun", "bc", false), Arguments.of("conscrypt", "bc", false), Arguments.of("bc", "bc", false));
    }

    @ParameterizedTest(name = "RFC 8446 §2.2: client {0}, server {1}: resumes = {2}")
    @MethodSource("pairs")
    void theSecondTls13StreamToTheSamePeerResumesWhereTheProvidersDoRfc8446Section22(String client, String server,
                                                                                   boolean resumes) throws Exception {
        TlsPolicy us = Fixtures.policy(client, "protocols", "TLSv1.3");
        TlsPolicy peer = Fixtures.policy(server, "protocols", "TLSv1.3");
        long full = handshake(us, peer, 5269);
        long second = handshake(us, peer, 5269);
        assertEquals(resumes, second < full * 3 / 4, "server bytes: first " + full + ", second " + second
                + (resumes ? ": not resumed" : ": resumed; update OutboundResumptionTest, JsseProvider and README"));
        if (resumes) {
            // control: another port is another cache entry, so the same check does see a full handshake
            long otherPort = handshake(us, peer, 5270);
            assertTrue(otherPort >= full * 3 / 4, "a stream to another port resumed a session it never had: " + otherPort);
        }
    }

    /** One mutually authenticated handshake alpha.test → beta.test; the TLS bytes the server sent. */
    static long handshake(TlsPolicy us, TlsPolicy peer, int port) throws Exception {
        TlsContext out = new TlsContext(Direction.OUTBOUND, "alpha.test", "beta.test", List.of(ALPHA_ID), PEER_HOST, port);
        Handshakes.Outcome o = Handshakes.run(us.newEngine(out), peer.newEngine(inbound("beta.test", "alpha.test", BETA_ID)));
        assertTrue(o.succeeded(), o.errors());
        Handshakes.deliverTickets(o);   // NewSessionTicket is a post-handshake message in TLS 1.3
        return o.serverBytes();
    }
}
