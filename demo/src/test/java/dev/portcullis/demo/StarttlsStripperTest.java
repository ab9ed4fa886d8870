package dev.portcullis.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The man in the middle of scene 5 must really attack (RFC 7457 §2.1): the victim never sees STARTTLS offered,
 * its STARTTLS request never reaches the peer, and anything it sends in plaintext afterwards is caught.
 */
class StarttlsStripperTest {
    @TempDir
    Path dir;

    private static final String FEATURES = "<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
            + "xmlns:stream='http://etherx.jabber.org/streams' from='c.test' id='x' version='1.0'><stream:features>"
            + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
            + "<dialback xmlns='urn:xmpp:features:dialback'/></stream:features>";

    @Test
    void stripsTheFeatureAnswersStarttlsItselfAndCatchesPlaintextStanzas() throws Exception {
        try (DemoLog log = new DemoLog(dir.resolve("t.log"), Clock.systemUTC());
             ServerSocket peer = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             StarttlsStripper mitm = StarttlsStripper.start((InetSocketAddress) peer.getLocalSocketAddress(), log);
             Socket victim = new Socket("127.0.0.1", mitm.port())) {
            CompletableFuture<String> peerSaw = CompletableFuture.supplyAsync(() -> {
                try (Socket s = peer.accept()) {
                    s.setSoTimeout(5000);
                    XmlSniffer.readUntil(s.getInputStream(), "<stream:stream", ">");
                    s.getOutputStream().write(FEATURES.getBytes(StandardCharsets.UTF_8));
                    s.getOutputStream().flush();
                    return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (Exception e) {
                    return "peer failed: " + e;
                }
            });
            OutputStream out = victim.getOutputStream();
            InputStream in = victim.getInputStream();
            out.write("<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' to='c.test' version='1.0'>"
                    .getBytes(StandardCharsets.UTF_8));
            String features = XmlSniffer.readUntil(in, "<stream:features", "</stream:features>");
            assertFalse(features.contains("starttls"), features);
            assertTrue(features.contains("dialback"), "the rest of the features pass: " + features);
            out.write("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>".getBytes(StandardCharsets.UTF_8));
            assertTrue(XmlSniffer.readUntil(in, "<failure", ">").contains("xmpp-tls"));
            assertFalse(mitm.leaked());
            out.write("<db:result from='a.test' to='c.test'>key</db:result>".getBytes(StandardCharsets.UTF_8));
            out.flush();
            victim.shutdownOutput();
            String atPeer = peerSaw.get(5, TimeUnit.SECONDS);
            assertFalse(atPeer.contains("starttls"), "the peer never sees the request: " + atPeer);
            assertTrue(mitm.leaked(), "a dialback key in plaintext counts as a leak");
            assertEquals(1, mitm.featuresStripped());
            assertEquals(1, mitm.startTlsRefused());
        }
    }
}
