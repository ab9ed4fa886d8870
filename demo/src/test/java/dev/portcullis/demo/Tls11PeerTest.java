package dev.portcullis.demo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.TestCa;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scene 6 is only meaningful if the outdated peer really speaks TLS 1.1 and nothing newer (RFC 8996 §5):
 * OpenSSL negotiates TLS 1.1 with it over XMPP STARTTLS, and a modern client cannot get anything else.
 */
class Tls11PeerTest {
    @TempDir
    Path dir;

    @Test
    void negotiatesTls11WithOpensslOverStarttls() throws Exception {
        try (DemoLog log = new DemoLog(dir.resolve("t.log"), Clock.systemUTC());
             Tls11Peer peer = Tls11Peer.start("old.test", TestCa.create("t").issue("old.test").xmppDomain("old.test").build(), log)) {
            Process p;
            try {
                p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + peer.port(),
                        "-starttls", "xmpp-server", "-xmpphost", "old.test", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0")
                        .redirectErrorStream(true).start();
            } catch (java.io.IOException missing) {
                throw new AssertionError("this test needs the openssl command: apt-get install openssl", missing);
            }
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertTrue(out.contains("TLSv1.1"), "OpenSSL (apt install openssl) should negotiate TLS 1.1:\n" + out);
            assertTrue(peer.handshakeCompleted() || String.valueOf(peer.lastOutcome()).contains("TLSv1.1"),
                    "peer: " + peer.lastOutcome());
        }
    }

    @Test
    void refusesAModernOnlyClient() throws Exception {
        try (DemoLog log = new DemoLog(dir.resolve("t.log"), Clock.systemUTC());
             Tls11Peer peer = Tls11Peer.start("old.test", TestCa.create("t").issue("old.test").xmppDomain("old.test").build(), log);
             Socket s = new Socket("127.0.0.1", peer.port())) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write("<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' from='a.test' to='old.test' version='1.0'>"
                    .getBytes(StandardCharsets.UTF_8));
            XmlSniffer.readUntil(in, "<stream:features", "</stream:features>");
            out.write("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>".getBytes(StandardCharsets.UTF_8));
            XmlSniffer.readUntil(in, "<proceed", ">");
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, null, null);
            SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(s, "old.test", peer.port(), true);
            tls.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            boolean failed = false;
            try {
                tls.startHandshake();
            } catch (java.io.IOException expected) {
                failed = true;
            }
            assertTrue(failed, "a TLS 1.2+ client must not complete a handshake with the TLS 1.1 peer");
            Thread.sleep(200);
            assertFalse(peer.handshakeCompleted());
        }
    }
}
