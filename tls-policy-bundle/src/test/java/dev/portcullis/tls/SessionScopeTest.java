package dev.portcullis.tls;

import static dev.portcullis.tls.Fixtures.ALPHA;
import static dev.portcullis.tls.Fixtures.BETA;
import static dev.portcullis.tls.Fixtures.CA;
import static dev.portcullis.tls.Fixtures.identity;
import static dev.portcullis.tls.Fixtures.inbound;
import static dev.portcullis.tls.Fixtures.outbound;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.tls.LocalIdentity;
import dev.portcullis.api.tls.TlsPolicy;
import dev.portcullis.testkit.IssuedCertificate;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One host serving several local domains opens streams to the same peer from each of them. A TLS
 * session resumed from another local domain's stream would carry that domain's client certificate
 * (RFC 8446 §2.2, RFC 5246 §7.3: resumption keeps the original authentication), so the peer would see
 * the wrong identity. Client sessions are therefore scoped to the local domain.
 */
class SessionScopeTest {

    static final IssuedCertificate GAMMA = CA.issue("gamma.test").dnsName("gamma.test").build();
    static final LocalIdentity ALPHA_ID = identity("alpha.test", ALPHA);
    static final LocalIdentity GAMMA_ID = identity("gamma.test", GAMMA);
    static final LocalIdentity BETA_ID = identity("beta.test", BETA);

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void eachLocalDomainPresentsItsOwnCertificateToTheSamePeer(String protocol) throws Exception {
        TlsPolicy us = Fixtures.policy("sun", "protocols", protocol);
        TlsPolicy peer = Fixtures.policy("sun", "protocols", protocol);

        // alpha.test → beta.test, twice: the second may resume; then gamma.test → beta.test must not.
        for (int i = 0; i < 2; i++) {
            SSLEngine server = handshake(us, peer, "alpha.test");
            assertEquals(ALPHA.certificate(), server.getSession().getPeerCertificates()[0]);
        }
        SSLEngine server = handshake(us, peer, "gamma.test");
        assertEquals(GAMMA.certificate(), server.getSession().getPeerCertificates()[0],
                "gamma.test's stream must present gamma.test's certificate, not a session resumed from alpha.test");
    }

    private static SSLEngine handshake(TlsPolicy us, TlsPolicy peer, String local) throws Exception {
        Handshakes.Outcome o = Handshakes.run(us.newEngine(outbound(local, "beta.test", ALPHA_ID, GAMMA_ID)),
                peer.newEngine(inbound("beta.test", local, BETA_ID)));
        assertTrue(o.succeeded(), o.errors());
        // deliver post-handshake messages (TLS 1.3 NewSessionTicket) so a later handshake could resume
        Handshakes.resume(o);
        return o.server();
    }
}
