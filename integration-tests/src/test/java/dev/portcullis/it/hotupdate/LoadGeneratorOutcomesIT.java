package dev.portcullis.it.hotupdate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.load.Churn;
import dev.portcullis.testkit.load.InitiatingStream;
import dev.portcullis.testkit.load.LoadException;
import dev.portcullis.testkit.load.LoadGenerator;
import dev.portcullis.testkit.load.NegotiationRun;
import dev.portcullis.testkit.load.OriginDomains;
import dev.portcullis.testkit.load.Percentiles;
import dev.portcullis.testkit.load.ReplyServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The load generator's verdicts, which {@link HotUpdateUnderLoadIT} relies on, checked against peers whose
 * behaviour is known: a complete receiving server (the generator's own {@link ReplyServer}: STARTTLS, TLS 1.3
 * with client certificates, SASL EXTERNAL per XEP-0178), one that refuses with {@code <reset/>} (RFC 6120
 * §4.9.3.16), one that refuses with {@code <not-authorized/>}, and one that never answers. A generator that
 * called a hang a completion, or any refusal a reset, would make the hot-update test pass falsely.
 */
class LoadGeneratorOutcomesIT {
    private static final String ERROR_HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
            + "xmlns:stream='http://etherx.jabber.org/streams' from='x.test' id='e1' version='1.0'>";
    private final List<ServerSocket> fakes = new ArrayList<>();

    @AfterEach
    void closeFakes() throws IOException {
        for (ServerSocket s : fakes) {
            s.close();
        }
    }

    @Test
    void completesAFullNegotiationAndCountsAnsweredPingsXep0178() throws Exception {
        TestCa ca = TestCa.create("Self CA");
        OriginDomains domains = new OriginDomains(ca, "self", 6);
        try (ReplyServer server = new ReplyServer(domains)) {
            // the ReplyServer is a receiving server for its domains; it completes a pending id when that iq arrives
            LoadGenerator gen = new LoadGenerator(server.address(), domains.name(0), domains, server);
            NegotiationRun run = gen.negotiate(5, 5, Duration.ofSeconds(20));
            assertEquals(5, run.succeeded(), run::toString);
            Percentiles pings = gen.pingAll(Duration.ofSeconds(10));
            assertEquals(5, pings.count(), "each stream's iq reached the server");
            assertEquals(0, gen.countClosedByServer());
            gen.closeAll();
        }
    }

    @Test
    void classifiesResetAsRetryableRfc6120Section4_9_3_16() throws Exception {
        InetSocketAddress a = fake("<stream:error><reset xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>");
        LoadException e = assertThrows(LoadException.class, () -> open(a, 5000));
        assertTrue(e.isReset(), e.getMessage());
    }

    @Test
    void classifiesOtherStreamErrorsAsRefusedNotReset() throws Exception {
        InetSocketAddress a = fake("<stream:error><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>");
        LoadException e = assertThrows(LoadException.class, () -> open(a, 5000));
        assertFalse(e.isReset(), e.getMessage());
    }

    @Test
    void classifiesASilentServerAsHungWithinTheTimeout() throws Exception {
        InetSocketAddress a = fake(null);
        long t0 = System.nanoTime();
        LoadException e = assertThrows(LoadException.class, () -> open(a, 800));
        assertTrue(e.getMessage().startsWith("timed out"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "the timeout bounds the wait");

        TestCa ca = TestCa.create("Churn CA");
        OriginDomains domains = new OriginDomains(ca, "hang", 2);
        LoadGenerator gen = new LoadGenerator(a, "x.test", domains, null);
        Churn churn = gen.churn(domains, 1, Duration.ofMillis(500));
        Thread.sleep(1500);
        churn.close();
        assertFalse(churn.outcomes().isEmpty());
        assertTrue(churn.outcomes().stream().allMatch(o -> o.kind() == Churn.Kind.HUNG), churn.outcomes()::toString);
    }

    private static void open(InetSocketAddress a, long timeoutMillis) throws IOException {
        TestCa ca = TestCa.create("Fake CA");
        OriginDomains d = new OriginDomains(ca, "fake", 1);
        try (InitiatingStream s = InitiatingStream.open(a, d.name(0), "x.test", d, timeoutMillis)) {
            throw new AssertionError("negotiated with a fake server");
        }
    }

    /** A server that reads the stream header and answers {@code then} after its own header (null: never answers). */
    private InetSocketAddress fake(String then) throws IOException {
        ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        fakes.add(ss);
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket s = ss.accept();
                    Thread c = new Thread(() -> {
                        try (s) {
                            InputStream in = s.getInputStream();
                            StringBuilder got = new StringBuilder();
                            while (!got.toString().contains("version='1.0'>")) {
                                int b = in.read();
                                if (b < 0) {
                                    return;
                                }
                                got.append((char) b);
                            }
                            if (then == null) {
                                in.read(); // silent until the client gives up
                                return;
                            }
                            s.getOutputStream().write((ERROR_HEADER + then).getBytes(StandardCharsets.UTF_8));
                            s.getOutputStream().flush();
                            in.read();
                        } catch (IOException e) {
                            // client went away
                        }
                    });
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return new InetSocketAddress(ss.getInetAddress(), ss.getLocalPort());
    }
}
