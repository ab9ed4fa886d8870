package dev.portcullis.it.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A man in the middle on loopback between our server (initiating) and Prosody (receiving), for the
 * downgrade attacks of RFC 7590 §3.1: it strips {@code <starttls/>} from Prosody's stream features, and in
 * {@link Mode#STRIP_AND_FAIL} also answers our {@code <starttls/>} with {@code <failure/>} itself.
 */
public final class StarttlsStripper implements AutoCloseable {
    public enum Mode {
        /** Remove the STARTTLS feature, pass everything else (including our STARTTLS) through. */
        STRIP,
        /** Remove the feature and refuse STARTTLS with {@code <failure/>} (RFC 6120 §5.4.2.2). */
        STRIP_AND_FAIL
    }

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final Mode mode;
    public final AtomicInteger featuresStripped = new AtomicInteger();
    public final AtomicInteger starttlsSeen = new AtomicInteger();
    private volatile boolean closed;

    public StarttlsStripper(String address, InetSocketAddress upstream, Mode mode) throws IOException {
        this.server = new ServerSocket();
        this.server.bind(new InetSocketAddress(address, 0));
        this.upstream = upstream;
        this.mode = mode;
        Thread t = new Thread(this::acceptLoop, "starttls-stripper");
        t.setDaemon(true);
        t.start();
    }

    public String address() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket ours = server.accept();
                Socket theirs = new Socket();
                theirs.connect(upstream, 5000);
                Thread down = new Thread(() -> downstream(theirs, ours), "mitm-prosody-to-us");
                Thread up = new Thread(() -> upstream(ours, theirs), "mitm-us-to-prosody");
                down.setDaemon(true);
                up.setDaemon(true);
                down.start();
                up.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Prosody → us: buffer until the first features are complete, strip STARTTLS, then pass through. */
    private void downstream(Socket from, Socket to) {
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            StringBuilder plain = new StringBuilder();
            byte[] buf = new byte[8192];
            boolean rewriting = true;
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (!rewriting) {
                    out.write(buf, 0, n);
                    continue;
                }
                plain.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                int end = plain.indexOf("</stream:features>");
                if (end >= 0) {
                    String s = plain.toString();
                    String stripped = s.replaceAll("<starttls xmlns=['\"]urn:ietf:params:xml:ns:xmpp-tls['\"]\\s*/>", "")
                            .replaceAll("(?s)<starttls xmlns=['\"]urn:ietf:params:xml:ns:xmpp-tls['\"]>.*?</starttls>", "");
                    if (!stripped.equals(s)) {
                        featuresStripped.incrementAndGet();
                    }
                    out.write(stripped.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    rewriting = false;
                }
            }
        } catch (IOException e) {
            // one side closed
        }
    }

    /** Us → Prosody: pass through; in STRIP_AND_FAIL answer our STARTTLS with failure instead. */
    private void upstream(Socket from, Socket to) {
        final String starttls = "<starttls";
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            OutputStream back = from.getOutputStream();
            StringBuilder pending = new StringBuilder(); // received from us, not yet forwarded
            byte[] buf = new byte[8192];
            boolean watching = true;
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (!watching) {
                    out.write(buf, 0, n);
                    out.flush();
                    continue;
                }
                pending.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                int at = pending.indexOf(starttls);
                if (at < 0) {
                    // forward all but a tail that could be the start of "<starttls" split across reads
                    int keep = 0;
                    for (int k = Math.min(starttls.length() - 1, pending.length()); k > 0; k--) {
                        if (pending.toString().endsWith(starttls.substring(0, k))) {
                            keep = k;
                            break;
                        }
                    }
                    out.write(pending.substring(0, pending.length() - keep).getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    pending.delete(0, pending.length() - keep);
                    continue;
                }
                starttlsSeen.incrementAndGet();
                watching = false;
                if (mode == Mode.STRIP) {
                    out.write(pending.toString().getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    continue;
                }
                out.write(pending.substring(0, at).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                back.write("<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:stream>"
                        .getBytes(StandardCharsets.UTF_8));
                back.flush();
                // drop whatever our server still says until it closes
                while (in.read(buf) >= 0) {
                    // discard
                }
                return;
            }
        } catch (IOException e) {
            // one side closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
