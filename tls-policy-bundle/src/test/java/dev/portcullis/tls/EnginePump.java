package dev.portcullis.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/** Drives an SSLEngine over a blocking socket, the way a host's stream layer would (test helper). */
final class EnginePump {

    private EnginePump() {
    }

    /**
     * Handshakes, calls {@code established} once, then (unless {@code stopAfterHandshake}) reads until the
     * peer leaves. An SSLException is returned after the alert it owes the peer was sent.
     */
    static SSLException run(SSLEngine engine, InputStream in, OutputStream out, Consumer<SSLSession> established,
                            boolean stopAfterHandshake) throws IOException {
        int size = engine.getSession().getPacketBufferSize();
        ByteBuffer netIn = ByteBuffer.allocate(size * 2);
        ByteBuffer netOut = ByteBuffer.allocate(size * 2);
        ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize() * 2);
        byte[] chunk = new byte[size];
        boolean reported = false;
        engine.beginHandshake();
        try {
            while (true) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_TASK) {
                    Runnable t;
                    while ((t = engine.getDelegatedTask()) != null) {
                        t.run();
                    }
                    continue;
                }
                if (hs == HandshakeStatus.NEED_WRAP) {
                    netOut.clear();
                    SSLEngineResult r = engine.wrap(ByteBuffer.allocate(0), netOut);
                    out.write(netOut.array(), 0, netOut.position());
                    out.flush();
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        return null;
                    }
                    continue;
                }
                if (!reported && hs == HandshakeStatus.NOT_HANDSHAKING) {
                    established.accept(engine.getSession());
                    reported = true;
                    // Conscrypt holds a server's TLS 1.3 NewSessionTicket until the next wrap; the host's first
                    // write after the handshake (stream features) sends it, so this helper writes nothing once
                    netOut.clear();
                    engine.wrap(ByteBuffer.allocate(0), netOut);
                    out.write(netOut.array(), 0, netOut.position());
                    out.flush();
                    if (stopAfterHandshake) {
                        return null;
                    }
                }
                netIn.flip();
                // Unwrap even with nothing buffered: a failed delegated task surfaces only on the next call.
                SSLEngineResult r = engine.unwrap(netIn, app);
                netIn.compact();
                app.clear();
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    return null;
                }
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
                        || (r.bytesConsumed() == 0 && r.bytesProduced() == 0
                            && r.getHandshakeStatus() != HandshakeStatus.NEED_WRAP
                            && r.getHandshakeStatus() != HandshakeStatus.NEED_TASK)) {
                    int n = in.read(chunk);
                    if (n < 0) {
                        return null;
                    }
                    netIn.put(chunk, 0, n);
                }
            }
        } catch (SSLException e) {
            flushAlert(engine, netOut, out);
            return e;
        }
    }

    private static void flushAlert(SSLEngine engine, ByteBuffer netOut, OutputStream out) {
        try {
            // The provider has queued a fatal alert; wrap until nothing more comes out.
            for (int i = 0; i < 4; i++) {
                netOut.clear();
                SSLEngineResult r = engine.wrap(ByteBuffer.allocate(0), netOut);
                out.write(netOut.array(), 0, netOut.position());
                if (r.bytesProduced() == 0) {
                    break;
                }
            }
            out.flush();
        } catch (IOException ignored) {
            // the peer is gone
        }
    }
}
