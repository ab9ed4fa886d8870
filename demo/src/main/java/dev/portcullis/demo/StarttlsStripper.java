package dev.portcullis.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A man in the middle on the path to a peer (RFC 7457 §2.1, "STRIPTLS"): it relays the s2s stream but deletes
 * the {@code <starttls/>} feature from the peer's features and answers a STARTTLS request itself with
 * {@code <failure/>}, hoping the initiating server carries on in plaintext. It records what that server sends
 * after the refusal, so the demo can show that nothing (no stanza, no dialback key, no SASL) leaked.
 */
final class StarttlsStripper implements AutoCloseable {
    private static final Pattern STARTTLS_FEATURE = Pattern.compile(
            "<(\\w+:)?starttls\\b[^>]*?/>|<(\\w+:)?starttls\\b[^>]*?>.*?</(\\w+:)?starttls>", Pattern.DOTALL);
    private static final Pattern STARTTLS_REQUEST = Pattern.compile("<(\\w+:)?starttls\\b[^>]*?(/>|>.*?</(\\w+:)?starttls>)",
            Pattern.DOTALL);
    private static final Pattern STARTTLS_OPEN = Pattern.compile("<(\\w+:)?starttls\\b");
    /** Anything that would give away a stanza or authentication in plaintext. */
    private static final Pattern LEAK = Pattern.compile("<(\\w+:)?(message|presence|iq|result|verify|auth)\\b");

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final DemoLog log;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "demo-stripper");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger featuresStripped = new AtomicInteger();
    private final AtomicInteger startTlsRefused = new AtomicInteger();
    private final StringBuffer afterRefusal = new StringBuffer();
    private volatile boolean leaked;

    private StarttlsStripper(ServerSocket listener, InetSocketAddress upstream, DemoLog log) {
        this.listener = listener;
        this.upstream = upstream;
        this.log = log;
    }

    /** Listens on 127.0.0.1 at a free port and relays to {@code upstream}. */
    static StarttlsStripper start(InetSocketAddress upstream, DemoLog log) throws IOException {
        StarttlsStripper s = new StarttlsStripper(new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1")), upstream, log);
        s.threads.execute(s::acceptLoop);
        return s;
    }

    int port() {
        return listener.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    int featuresStripped() {
        return featuresStripped.get();
    }

    int startTlsRefused() {
        return startTlsRefused.get();
    }

    /** True when the initiating server sent a stanza or authentication after STARTTLS was refused. */
    boolean leaked() {
        return leaked;
    }

    /** What the initiating server sent after STARTTLS was refused (normally only its closing tag). */
    String afterRefusal() {
        return afterRefusal.toString();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket victim = listener.accept();
                connections.incrementAndGet();
                threads.execute(() -> relay(victim));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket victim) {
        try (victim; Socket server = new Socket()) {
            server.connect(upstream, 5000);
            threads.execute(() -> serverToVictim(server, victim));
            victimToServer(victim, server);
        } catch (IOException e) {
            log.line("stripper: " + e);
        }
    }

    /** The peer's bytes, with the STARTTLS feature cut out of its stream features. */
    private void serverToVictim(Socket server, Socket victim) {
        try {
            InputStream in = server.getInputStream();
            OutputStream out = victim.getOutputStream();
            StringBuilder pending = new StringBuilder();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                pending.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                // hold back an unfinished <starttls ...> element until the rest arrives
                int open = lastIndexOfStartTls(pending);
                if (open >= 0 && !STARTTLS_FEATURE.matcher(pending.substring(open)).lookingAt()) {
                    continue;
                }
                Matcher m = STARTTLS_FEATURE.matcher(pending);
                String rewritten = m.replaceAll("");
                if (rewritten.length() != pending.length()) {
                    featuresStripped.incrementAndGet();
                    log.line("stripper: removed <starttls/> from the peer's features");
                }
                out.write(rewritten.getBytes(StandardCharsets.UTF_8));
                out.flush();
                pending.setLength(0);
            }
        } catch (IOException e) {
            // either side closed
        } finally {
            closeQuietly(victim);
        }
    }

    /** The initiating server's bytes; a STARTTLS request is answered here with failure and never forwarded. */
    private void victimToServer(Socket victim, Socket server) throws IOException {
        InputStream in = victim.getInputStream();
        OutputStream out = server.getOutputStream();
        StringBuilder pending = new StringBuilder();
        byte[] buf = new byte[8192];
        int n;
        boolean refused = false;
        while ((n = in.read(buf)) > 0) {
            String chunk = new String(buf, 0, n, StandardCharsets.UTF_8);
            if (refused) {
                afterRefusal.append(chunk);
                if (LEAK.matcher(afterRefusal).find()) {
                    leaked = true;
                }
                out.write(buf, 0, n);
                out.flush();
                continue;
            }
            pending.append(chunk);
            Matcher m = STARTTLS_REQUEST.matcher(pending);
            if (m.find()) {
                out.write(pending.substring(0, m.start()).getBytes(StandardCharsets.UTF_8));
                out.flush();
                victim.getOutputStream().write("<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
                        .getBytes(StandardCharsets.UTF_8));
                victim.getOutputStream().flush();
                startTlsRefused.incrementAndGet();
                refused = true;
                log.line("stripper: the initiating server asked for STARTTLS; answered <failure/>");
                String rest = pending.substring(m.end());
                afterRefusal.append(rest);
                pending.setLength(0);
                continue;
            }
            if (LEAK.matcher(pending).find()) {
                // stanzas or authentication before any STARTTLS attempt: plaintext from the start
                leaked = true;
            }
            int keep = lastIndexOfStartTls(pending);
            int flushTo = keep >= 0 ? keep : pending.length();
            out.write(pending.substring(0, flushTo).getBytes(StandardCharsets.UTF_8));
            out.flush();
            pending.delete(0, flushTo);
        }
        log.line("stripper: the initiating server closed the connection; after the refusal it sent: "
                + (afterRefusal.length() == 0 ? "(nothing)" : afterRefusal));
    }

    private static int lastIndexOfStartTls(CharSequence s) {
        Matcher m = STARTTLS_OPEN.matcher(s);
        int last = -1;
        while (m.find()) {
            last = m.start();
        }
        return last;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        threads.shutdownNow();
    }
}
