package dev.portcullis.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TlsContexts;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whitespace keepalives (RFC 6120 §4.6.1) and the idle timeout (§4.6.3) on an authenticated stream, seen by a
 * hand-driven peer that authenticates with STARTTLS and SASL EXTERNAL (XEP-0178) and then stays silent.
 */
class KeepaliveIT {
    static final String PEER = "keepalive.test";
    static FederationLab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = new FederationLab("KeepaliveIT");
        lab.startHost("keep", "127.0.0.1:9", Map.of("keepalive.interval", "1", "idle.timeout", "4"));
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    /** Connects, STARTTLS, SASL EXTERNAL with a certificate from the lab's CA, stream restart (RFC 6120 §6.4.6). */
    private RawPeer authenticatedPeer() throws Exception {
        IssuedCertificate cert = lab.ca.issue(PEER).dnsName(PEER).build();
        String header = RawPeer.HEADER.replace("from='evil.test'", "from='" + PEER + "'");
        RawPeer p = new RawPeer(lab.ourAddress, lab.ourPort);
        p.send(header);
        p.readFeatures(Duration.ofSeconds(10));
        p.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        p.readUntil("<proceed", Duration.ofSeconds(10));
        SSLSocket tls = (SSLSocket) context(cert).getSocketFactory().createSocket(p.socket, lab.ourAddress, lab.ourPort, true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        p.socket = tls;
        p.clear();
        p.send(header);
        String features = p.readFeatures(Duration.ofSeconds(15));
        assertTrue(features.contains("EXTERNAL"), features);
        p.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>=</auth>");
        p.readUntil("<success", Duration.ofSeconds(10));
        p.clear();
        p.send(header);
        p.readFeatures(Duration.ofSeconds(10));
        p.clear();
        return p;
    }

    @Test
    void silentAuthenticatedStreamGetsWhitespaceKeepalivesRfc6120Section4_6_1() throws Exception {
        try (RawPeer p = authenticatedPeer()) {
            p.readUntil(" ", Duration.ofSeconds(3));
            assertEquals("", p.text().strip(), "a keepalive is whitespace only: " + p.text());
        }
    }

    @Test
    void streamSilentForTheIdleTimeoutIsClosedRfc6120Section4_6_3() throws Exception {
        try (RawPeer p = authenticatedPeer()) {
            long t0 = System.nanoTime();
            String r = p.readToEnd(Duration.ofSeconds(10));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(r.contains("connection-timeout"), r);
            assertTrue(ms >= 3000, "closed after " + ms + " ms, before the idle timeout");
        }
    }

    private SSLContext context(IssuedCertificate client) throws Exception {
        return TlsContexts.of(client, lab.ca.certificate());
    }
}
