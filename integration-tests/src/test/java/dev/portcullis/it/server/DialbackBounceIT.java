package dev.portcullis.it.server;

import static dev.portcullis.it.server.FederationLab.OURS;
import static dev.portcullis.it.server.FederationLab.THEIRS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.it.Wire;
import dev.portcullis.testkit.TlsContexts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The running distribution as initiating server, dialback refused by a hand-played receiving server for b.test
 * (STARTTLS with a certificate the host trusts, then only the dialback feature): the stanza queued for the pair
 * (a portcullis:ping) bounces with the condition XEP-0220 §2.1.1 prescribes for the answer:
 * {@code <internal-server-error/>} after {@code type='invalid'}, {@code <remote-server-timeout/>} after
 * {@code type='error'}.
 */
class DialbackBounceIT {
    static FederationLab lab;
    static ServerSocket receiving;

    @BeforeAll
    static void start() throws Exception {
        lab = new FederationLab("DialbackBounceIT");
        receiving = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
        lab.startHost("bounce", "127.0.0.1:" + receiving.getLocalPort(), Map.of());
    }

    @AfterAll
    static void stop() throws IOException {
        if (receiving != null) {
            receiving.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void queuedStanzasBounceWithInternalServerErrorAfterAnInvalidDialbackAnswerXep0220Section2_1_1() throws Exception {
        String answer = pingAnsweredBy("<db:result from='b.test' to='a.test' type='invalid'/></stream:stream>");
        assertEquals("Error: no pong from b.test: error from b.test: internal-server-error (cannot reach b.test: b.test "
                + "answered our dialback for a.test with type='invalid')\n", answer, lab.host::log);
    }

    @Test
    void queuedStanzasBounceWithRemoteServerTimeoutAfterADialbackErrorXep0220Section2_1_1() throws Exception {
        String answer = pingAnsweredBy("<db:result from='b.test' to='a.test' type='error'><error type='cancel'>"
                + "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></db:result>");
        assertEquals("Error: no pong from b.test: error from b.test: remote-server-timeout (cannot reach b.test: b.test "
                + "answered our dialback for a.test with type='error' <item-not-found/>)\n", answer, lab.host::log);
    }

    /**
     * Pings b.test from a.test, which must fail; the receiving server answers our host's db:result with
     * {@code dialbackAnswer}. Returns what {@code portcullis admin} prints on stderr.
     */
    private static String pingAnsweredBy(String dialbackAnswer) throws Exception {
        CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
            try (Socket s = receiving.accept()) {
                return playReceivingServer(s, dialbackAnswer);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String answer = lab.host.adminFailure("portcullis:ping " + OURS + " " + THEIRS).stderr();
        String seen = peer.get(30, TimeUnit.SECONDS);
        assertTrue(seen.contains("<db:result") && seen.contains("from='a.test'"), seen);
        return answer;
    }

    private static String playReceivingServer(Socket plain, String dialbackAnswer) throws Exception {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        Wire.readUntil(plain, in, ">", Duration.ofSeconds(20));
        Wire.readUntil(plain, in, "version=", Duration.ofSeconds(20));
        send(plain, header("bounce-1") + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>"
                + "<required/></starttls></stream:features>");
        Wire.readUntil(plain, in, "<starttls", Duration.ofSeconds(20));
        send(plain, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        SSLSocket tls = (SSLSocket) serverTls().getSocketFactory().createSocket(plain, null, plain.getPort(), true);
        tls.setUseClientMode(false);
        tls.startHandshake();
        ByteArrayOutputStream secure = new ByteArrayOutputStream();
        Wire.readUntil(tls, secure, "<stream:stream", Duration.ofSeconds(20));
        // no SASL EXTERNAL: the host must authenticate by dialback (XEP-0220 §2.1.1)
        send(tls, header("bounce-2") + "<stream:features><dialback xmlns='urn:xmpp:features:dialback'><errors/>"
                + "</dialback></stream:features>");
        String seen = Wire.readUntil(tls, secure, "</db:result>", Duration.ofSeconds(20));
        send(tls, dialbackAnswer);
        Thread.sleep(500); // let the host read the answer before the socket goes away
        return seen;
    }

    private static String header(String id) {
        return "<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'"
                + " xmlns:db='jabber:server:dialback' from='b.test' to='a.test' id='" + id + "' version='1.0'>";
    }

    private static void send(Socket s, String xml) throws IOException {
        s.getOutputStream().write(xml.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    private static SSLContext serverTls() throws Exception {
        return TlsContexts.of(lab.theirCert);
    }
}
