package dev.portcullis.stream;

import dev.portcullis.api.Direction;
import dev.portcullis.api.tls.TlsContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * A scripted initiating server that negotiates STARTTLS with a real {@link SSLEngine} against one inbound
 * session and then writes whatever XML a test wants, byte exact, inside TLS.
 */
final class TlsPeer {
    final Raw raw;
    private final SSLEngine engine;
    private final StringBuilder plaintext = new StringBuilder();

    private TlsPeer(Raw raw, SSLEngine engine) {
        this.raw = raw;
        this.engine = engine;
    }

    /** Sends {@code preTlsHeader} and {@code <starttls/>}, then completes the TLS handshake with alpha's certificate. */
    static TlsPeer afterStartTls(String preTlsHeader) throws Exception {
        Raw r = Raw.inbound();
        r.send(preTlsHeader + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        if (!r.output.toString().contains("<proceed")) {
            throw new AssertionError("no <proceed/>: " + r.output);
        }
        SSLEngine engine = new TestTlsPolicy().newEngine(new TlsContext(Direction.OUTBOUND, TestPki.ALPHA, TestPki.BETA,
                List.of(TestPki.INSTANCE.alpha), "127.0.0.1", 5269));
        engine.beginHandshake();
        TlsPeer p = new TlsPeer(r, engine);
        p.pump(ByteBuffer.allocate(0));
        return p;
    }

    /** Writes {@code xml} through TLS and returns what the session answered, decrypted. */
    String send(String xml) throws SSLException {
        plaintext.setLength(0);
        pump(ByteBuffer.wrap(xml.getBytes(StandardCharsets.UTF_8)));
        return plaintext.toString();
    }

    private void pump(ByteBuffer app) throws SSLException {
        ByteBuffer net = ByteBuffer.allocate(engine.getSession().getPacketBufferSize() * 4);
        ByteBuffer in = ByteBuffer.allocate(0);
        for (int round = 0; round < 100; round++) {
            boolean moved = false;
            SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
            while (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                engine.getDelegatedTask().run();
                hs = engine.getHandshakeStatus();
            }
            if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP || (hs == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                    && app.hasRemaining())) {
                net.clear();
                SSLEngineResult res = engine.wrap(app, net);
                net.flip();
                if (net.hasRemaining()) {
                    raw.host.session.receive(net);
                    raw.host.runTasks();
                    moved = true;
                }
                moved |= res.bytesConsumed() > 0;
            }
            ByteBuffer fromSession = drainOutbox();
            if (fromSession.hasRemaining() || in.hasRemaining()) {
                in = concat(in, fromSession);
                ByteBuffer out = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize() * 4);
                SSLEngineResult res;
                do {
                    res = engine.unwrap(in, out);
                    while (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                        engine.getDelegatedTask().run();
                    }
                } while (res.getStatus() == SSLEngineResult.Status.OK && in.hasRemaining() && res.bytesConsumed() > 0);
                out.flip();
                plaintext.append(StandardCharsets.UTF_8.decode(out));
                moved |= res.bytesConsumed() > 0;
            }
            if (!moved && engine.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                return;
            }
        }
        throw new AssertionError("the TLS exchange never went quiet");
    }

    private ByteBuffer drainOutbox() {
        ByteBuffer all = ByteBuffer.allocate(0);
        while (!raw.host.outbox.isEmpty()) {
            all = concat(all, raw.host.outbox.poll());
        }
        return all;
    }

    private static ByteBuffer concat(ByteBuffer a, ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(a.remaining() + b.remaining());
        c.put(a).put(b).flip();
        return c;
    }
}
