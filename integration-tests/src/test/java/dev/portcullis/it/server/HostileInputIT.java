package dev.portcullis.it.server;

import static dev.portcullis.it.server.FederationLab.OURS;
import static dev.portcullis.it.server.FederationLab.THEIRS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TlsContexts;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile input against the running server (the real distribution): each kind is answered with the
 * right RFC 6120 stream error, and the established stream with a real Prosody keeps working throughout.
 */
class HostileInputIT {
    static final int NEGOTIATION_TIMEOUT_S = 3;
    static final int MAX_STANZA = 20_000;
    static FederationLab lab;
    static String prosodyStream;

    @BeforeAll
    static void start() throws Exception {
        lab = new FederationLab("HostileInputIT");
        lab.startProsody();
        lab.startHost("hostile", lab.prosodyRoute(), Map.of(
                "negotiation.timeout", String.valueOf(NEGOTIATION_TIMEOUT_S),
                "max.stanza.size", String.valueOf(MAX_STANZA)));
        ProsodyServer.PingResult r = lab.prosody.ping(THEIRS, OURS);
        assertTrue(r.success(), () -> "federation with Prosody is not up:\n" + r.output() + "\n" + lab.host.log());
        prosodyStream = lab.streamId("in", THEIRS);
        assertNotNull(prosodyStream, () -> lab.host.admin("portcullis:streams"));
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    /** After each hostile input, the same inbound stream from Prosody still carries a ping. */
    @AfterEach
    void establishedStreamKeepsWorking() throws Exception {
        ProsodyServer.PingResult r = lab.prosody.ping(THEIRS, OURS);
        assertTrue(r.success(), () -> "the established stream stopped working:\n" + r.output());
        assertEquals(prosodyStream, lab.streamId("in", THEIRS), "Prosody's stream was replaced");
    }

    private RawPeer peer() throws IOException {
        return new RawPeer(lab.ourAddress, lab.ourPort);
    }

    private static void assertStreamError(String condition, String received) {
        assertTrue(received.contains("<" + condition + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'")
                        || received.contains("<" + condition + " xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\""),
                () -> "expected <" + condition + "/>, received: " + received);
        assertTrue(received.contains("</stream:stream>"), received);
    }

    @Test
    void billionLaughsDoctypeIsRestrictedXmlRfc6120Section11_1() throws Exception {
        String lol = "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
                + "<!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
                + "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>]>";
        try (RawPeer p = peer()) {
            p.send(lol + RawPeer.HEADER.substring("<?xml version='1.0'?>".length()) + "<message>&lol3;</message>");
            assertStreamError("restricted-xml", p.readToEnd(Duration.ofSeconds(10)));
        }
    }

    @Test
    void externalEntityDoctypeIsRestrictedXmlRfc6120Section11_1() throws Exception {
        try (RawPeer p = peer()) {
            p.send("<?xml version='1.0'?><!DOCTYPE x [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>"
                    + RawPeer.HEADER.substring("<?xml version='1.0'?>".length()) + "<message>&xxe;</message>");
            String r = p.readToEnd(Duration.ofSeconds(10));
            assertStreamError("restricted-xml", r);
            assertFalse(r.contains("root:"), "the server must never read the external entity");
        }
    }

    @Test
    void processingInstructionIsRestrictedXmlRfc6120Section11_1() throws Exception {
        try (RawPeer p = peer()) {
            p.send(RawPeer.HEADER + "<?evil instruction?>");
            assertStreamError("restricted-xml", p.readToEnd(Duration.ofSeconds(10)));
        }
    }

    @Test
    void commentIsRestrictedXmlRfc6120Section11_1() throws Exception {
        try (RawPeer p = peer()) {
            p.send(RawPeer.HEADER + "<!-- a comment -->");
            assertStreamError("restricted-xml", p.readToEnd(Duration.ofSeconds(10)));
        }
    }

    @Test
    void oversizeStanzaIsPolicyViolationRfc6120Section13_12() throws Exception {
        try (RawPeer p = peer()) {
            p.send(RawPeer.HEADER + "<message from='evil.test' to='a.test'><body>");
            byte[] big = "A".repeat(MAX_STANZA * 2).getBytes(StandardCharsets.US_ASCII);
            try {
                p.send(big);
            } catch (IOException e) {
                // the server may close while we are still writing
            }
            assertStreamError("policy-violation", p.readToEnd(Duration.ofSeconds(10)));
        }
    }

    @Test
    void invalidUtf8IsNotWellFormedRfc6120Section11_6() throws Exception {
        try (RawPeer p = peer()) {
            p.send(RawPeer.HEADER.getBytes(StandardCharsets.UTF_8));
            p.send(new byte[] {'<', 'm', 'e', 's', 's', 'a', 'g', 'e', '>', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '<', '/', 'm', '>'});
            assertStreamError("not-well-formed", p.readToEnd(Duration.ofSeconds(10)));
        }
    }

    @Test
    void stanzaBeforeAuthenticationIsNotAuthorizedRfc6120Section4_9_3_12() throws Exception {
        try (RawPeer p = peer()) {
            p.send(RawPeer.HEADER);
            p.readUntil("</stream:features>", Duration.ofSeconds(10));
            p.send("<message from='evil.test' to='a.test'><body>hi</body></message>");
            assertStreamError("not-authorized", p.readToEnd(Duration.ofSeconds(10)));
        }
    }

    @Test
    void secondStarttlsIsAPolicyViolationRfc6120Section5_4_3_3() throws Exception {
        IssuedCertificate evil = lab.ca.issue("evil.test").dnsName("evil.test").build();
        try (RawPeer p = peer()) {
            p.send(RawPeer.HEADER);
            p.readUntil("</stream:features>", Duration.ofSeconds(10));
            p.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
            p.readUntil("<proceed", Duration.ofSeconds(10));
            SSLSocket tls = (SSLSocket) tlsContext(evil).getSocketFactory()
                    .createSocket(p.socket, lab.ourAddress, lab.ourPort, true);
            tls.setUseClientMode(true);
            tls.startHandshake();
            p.socket = tls;
            p.clear();
            p.send(RawPeer.HEADER);
            p.readUntil("</stream:features>", Duration.ofSeconds(10));
            p.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
            // TLS is negotiated once per connection; a second attempt is refused as a policy violation
            assertStreamError("policy-violation", p.readToEnd(Duration.ofSeconds(10)));
        }
    }

    /**
     * RFC 6120 §8.1.1.2 rule 2: on a stream authenticated (TLS, SASL EXTERNAL) for evil.test -> a.test, a stanza
     * to a domain this host does not serve closes the stream with {@code <host-unknown/>} (§4.9.3.6), not
     * {@code <invalid-from/>}: the sender is fine, the addressee is not ours.
     */
    @Test
    void stanzaToADomainNotServedOnAnAuthenticatedStreamIsHostUnknownRfc6120Section8_1_1_2() throws Exception {
        IssuedCertificate evil = lab.ca.issue("evil.test").dnsName("evil.test").build();
        try (RawPeer p = peer()) {
            p.send(RawPeer.HEADER);
            p.readUntil("</stream:features>", Duration.ofSeconds(10));
            p.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
            p.readUntil("<proceed", Duration.ofSeconds(10));
            SSLSocket tls = (SSLSocket) tlsContext(evil).getSocketFactory()
                    .createSocket(p.socket, lab.ourAddress, lab.ourPort, true);
            tls.setUseClientMode(true);
            tls.startHandshake();
            p.socket = tls;
            p.clear();
            p.send(RawPeer.HEADER);
            String features = p.readFeatures(Duration.ofSeconds(10));
            assertTrue(features.contains("<mechanism>EXTERNAL</mechanism>"), () -> features + "\n" + lab.host.log());
            p.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>=</auth>");
            p.readUntil("<success", Duration.ofSeconds(10));
            p.clear();
            p.send(RawPeer.HEADER);
            p.readFeatures(Duration.ofSeconds(10));
            p.send("<message from='mallory@evil.test' to='someone@not-served.test'><body>hi</body></message>");
            String r = p.readToEnd(Duration.ofSeconds(10));
            assertStreamError("host-unknown", r);
            assertFalse(r.contains("invalid-from"), r);
        }
    }

    @Test
    void garbageAfterStreamCloseIsIgnoredAndTheConnectionClosedCleanlyRfc6120Section4_4() throws Exception {
        try (RawPeer p = peer()) {
            p.send(RawPeer.HEADER);
            p.readUntil("</stream:features>", Duration.ofSeconds(10));
            p.send("</stream:stream>\u0000\u0001garbage<<<&&&");
            String r = p.readToEnd(Duration.ofSeconds(10));
            assertTrue(r.endsWith("</stream:stream>"), r);
            assertFalse(r.contains("<stream:error>"), r);
        }
    }

    @Test
    void thousandSilentConnectionsAreClosedAtTheNegotiationTimeoutWhileOthersGoOn() throws Exception {
        List<Socket> silent = new ArrayList<>();
        long opened = System.nanoTime();
        try {
            for (int i = 0; i < 1000; i++) {
                Socket s = new Socket(lab.ourAddress, lab.ourPort);
                silent.add(s);
            }
            // while they sit there, federation goes on
            ProsodyServer.PingResult during = lab.prosody.ping(THEIRS, OURS);
            assertTrue(during.success(), () -> "ping during the flood failed: " + during.output());
            int closed = 0;
            for (Socket s : silent) {
                long left = Duration.ofSeconds(NEGOTIATION_TIMEOUT_S + 15).toMillis()
                        - (System.nanoTime() - opened) / 1_000_000;
                s.setSoTimeout((int) Math.max(1, left));
                try {
                    byte[] all = s.getInputStream().readAllBytes();
                    String text = new String(all, StandardCharsets.UTF_8);
                    // RFC 6120 §4.9.3.4: a stream error, not a silent close
                    assertTrue(text.contains("<stream:error><connection-timeout xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>")
                            && text.endsWith("</stream:stream>"), text);
                    closed++;
                } catch (java.net.SocketTimeoutException e) {
                    break;
                } catch (IOException e) {
                    closed++; // reset counts as closed
                }
            }
            long millis = (System.nanoTime() - opened) / 1_000_000;
            long seconds = millis / 1000;
            System.out.println("1000 silent connections: all closed " + millis + " ms after opening (negotiation timeout "
                    + NEGOTIATION_TIMEOUT_S + " s); Prosody's ping during the flood: " + during.roundTrip().toMillis() + " ms");
            assertEquals(1000, closed, "silent connections still open after " + seconds + " s");
            assertTrue(seconds >= NEGOTIATION_TIMEOUT_S - 1, "closed before the negotiation timeout: " + seconds + " s");
        } finally {
            for (Socket s : silent) {
                s.close();
            }
        }
    }

    private SSLContext tlsContext(IssuedCertificate client) throws Exception {
        return TlsContexts.of(client, lab.ca.certificate());
    }
}
