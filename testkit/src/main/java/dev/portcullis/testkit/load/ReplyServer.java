package dev.portcullis.testkit.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;

/**
 * The receiving side of the origin domains: s2s streams are one-way (RFC 6120 §4.2; XEP-0288 bidi aside), so
 * the server under test answers a ping on its own stream to the origin domain. This listener accepts those
 * streams for every origin domain: STARTTLS required, the origin domain's certificate (chosen by the stream's
 * {@code to}), a client certificate requested, SASL EXTERNAL offered and accepted (XEP-0178 §3; the server under
 * test is authenticated by its certificate chaining to the test CA), then completes the pending pings by id.
 * Point the server's route for each origin domain (static route or SRV) at {@link #port()}.
 */
public final class ReplyServer implements AutoCloseable {
    private static final Pattern ATTR_FROM = Pattern.compile("\\sfrom=['\"]([^'\"]+)['\"]");
    private static final Pattern ATTR_TO = Pattern.compile("\\sto=['\"]([^'\"]+)['\"]");
    private static final Pattern RESULT_ID = Pattern.compile("<iq\\b[^>]*\\bid=['\"]([^'\"]+)['\"]");

    private final OriginDomains origins;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile String lastFailure;
    private volatile boolean closing;

    public ReplyServer(OriginDomains origins) throws IOException {
        this.origins = origins;
        this.server = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "load-reply-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), port());
    }

    /** A future completed with the answering stanza when an iq with this id arrives. */
    public CompletableFuture<String> expect(String id) {
        return pending.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    public void forget(String id) {
        pending.remove(id);
    }

    /** Streams the server under test opened to us (so far). */
    public int accepted() {
        return accepted.get();
    }

    /** Reply streams that failed to negotiate, and the last reason. */
    public int failed() {
        return failed.get();
    }

    public String lastFailure() {
        return lastFailure;
    }

    public int openStreams() {
        return open.size();
    }

    private void acceptLoop() {
        while (!closing) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                Thread t = new Thread(null, () -> serve(s), "load-reply-" + s.getPort(), 256 * 1024);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closing) {
                    lastFailure = "accept: " + e;
                }
            }
        }
    }

    private void serve(Socket s) {
        open.add(s);
        Socket current = s;
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            s.setTcpNoDelay(true);
            XmppReader r = new XmppReader(s);
            OutputStream out = s.getOutputStream();
            String header = r.until(Pattern.compile("<stream:stream[^>]*>"), deadline);
            String peer = attr(ATTR_FROM, header);
            String local = attr(ATTR_TO, header);
            if (local == null || !origins.names().contains(local)) {
                write(out, InitiatingStream.header(local == null ? "unknown.test" : local, peer)
                        + "<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>");
                throw new LoadException("a stream for unknown domain " + local);
            }
            write(out, answer(local, peer) + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>"
                    + "<required/></starttls></stream:features>");
            r.until("<starttls", deadline);
            r.until(">", deadline);
            write(out, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
            SSLSocket t = (SSLSocket) origins.context(local).getSocketFactory().createSocket(s, null, s.getPort(), true);
            t.setUseClientMode(false);
            t.setWantClientAuth(true);
            t.setEnabledProtocols(new String[] {"TLSv1.3"});
            t.startHandshake();
            current = t;
            open.add(t);
            r = new XmppReader(t);
            out = t.getOutputStream();
            r.until(Pattern.compile("<stream:stream[^>]*>"), deadline);
            write(out, answer(local, peer) + "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                    + "<mechanism>EXTERNAL</mechanism></mechanisms></stream:features>");
            r.until(Pattern.compile("<auth[^>]*/>|</auth>"), deadline);
            write(out, "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");
            r.until(Pattern.compile("<stream:stream[^>]*>"), deadline);
            write(out, answer(local, peer) + "<stream:features/>");
            // authenticated: complete pings as their answers arrive, until the server closes the stream
            while (!closing) {
                String iq = r.until(Pattern.compile("</iq>|<iq\\b[^>]*/>"), Long.MAX_VALUE / 2);
                Matcher m = RESULT_ID.matcher(iq);
                String id = null;
                while (m.find()) {
                    id = m.group(1);
                }
                if (id != null) {
                    CompletableFuture<String> f = pending.remove(id);
                    if (f != null) {
                        f.complete(iq.substring(iq.lastIndexOf("<iq")));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closing && !(e.getMessage() != null && e.getMessage().contains("ended the stream"))) {
                failed.incrementAndGet();
                lastFailure = e.toString();
            }
        } finally {
            open.remove(s);
            open.remove(current);
            try {
                current.close();
            } catch (IOException e) {
                // closing
            }
        }
    }

    private static String answer(String local, String peer) {
        return "<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'"
                + " xmlns:db='jabber:server:dialback' from='" + local + "' to='" + peer + "' id='r"
                + Long.toHexString(System.nanoTime()) + "' version='1.0'>";
    }

    private static String attr(Pattern p, String text) {
        Matcher m = p.matcher(text.substring(text.lastIndexOf("<stream:stream")));
        return m.find() ? m.group(1) : null;
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        closing = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
    }
}
