package dev.portcullis.it.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.host.PortcullisHome;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A configuration rejected at start-up never widens exposure: the real distribution, started with one bad
 * value in {@code etc/dev.portcullis.server.cfg}, listens nowhere (it used to fall back to the defaults and
 * listen on {@code *:5269} with no routes), says which file, key and value and what to do, and starts
 * listening on the configured address as soon as the value is corrected.
 */
class RejectedConfigFailsClosedIT {
    private static final String ADDRESS = "127.0.0.1";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private PortcullisHome host;

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void invalidValueAtStartupListensNowhereUntilFixedFailClosed() throws Exception {
        int port = ProsodyServer.freePort(ADDRESS);
        host = PortcullisHome.create("failclosed");
        host.domain("a.test", TestCa.create("FailClosed CA").issue("a.test").dnsName("a.test").build());
        host.config("dev.portcullis.server", Map.of("listen", ADDRESS + ":" + port, "negotiation.timeout", "0"));
        host.start();

        String file = "file:" + host.etc().resolve("dev.portcullis.server.cfg"); // FileInstall names it by URL
        String line = host.awaitLog("Rejected configuration dev\\.portcullis\\.server from", WAIT);
        System.out.println("start-up rejection: " + line);
        assertTrue(line.contains("Rejected configuration dev.portcullis.server from " + file
                + ": negotiation.timeout = 0: out of range 1-3600"), line);
        assertTrue(line.contains("the s2s server does not start and does not listen. Correct 'negotiation.timeout' in "
                + file + "; the server starts as soon as the file is saved"), line);
        host.awaitLog("Portcullis s2s server is NOT running", WAIT);
        assertFalse(Pattern.compile("listening on xmpp").matcher(host.log()).find(),
                () -> "the server listens although its configuration was rejected:\n" + host.log());
        assertRefused(port); // nor on the old fallback *:5269: no "listening on" line at all (above)

        long mark = host.logPosition();
        host.config("dev.portcullis.server", Map.of("listen", ADDRESS + ":" + port, "negotiation.timeout", "30"));
        host.awaitLogSince(mark, "listening on xmpp://" + Pattern.quote(ADDRESS) + ":" + port, WAIT);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ADDRESS, port), 5000);
            assertTrue(s.isConnected());
        }
    }

    private static void assertRefused(int port) {
        assertThrows(ConnectException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(ADDRESS, port), 2000);
            } catch (ConnectException e) {
                throw e;
            } catch (IOException e) {
                throw new AssertionError("unexpected " + e, e);
            }
        }, "something accepts connections on " + ADDRESS + ":" + port);
    }
}
