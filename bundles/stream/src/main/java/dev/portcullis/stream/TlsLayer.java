package dev.portcullis.stream;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * Drives one {@link SSLEngine} over a byte stream (the Smack/Netty "SSLEngine filter" pattern): network
 * bytes in, plaintext out, and back. Delegated tasks (the handshake's signing and certificate checks, the
 * CPU-heavy part) are handed to {@link Sink#offload}: the host runs them on a worker while its I/O thread
 * serves other connections, and this layer neither wraps nor unwraps until they are done (Netty's
 * SslHandler does the same with its delegated-task executor). Handles buffer overflow/underflow, TLS 1.3
 * post-handshake messages (session tickets, key updates: the engine asks for a wrap, we flush it) and
 * close_notify in both directions (RFC 8446 §6.1).
 */
final class TlsLayer {

    /** Where the layer delivers its output. */
    interface Sink {
        /** Encrypted bytes for the socket. */
        void network(ByteBuffer bytes);

        /** Decrypted bytes from the peer. */
        void plaintext(ByteBuffer bytes) throws StreamException, SSLException;

        /** The (initial) handshake completed. */
        void handshakeFinished() throws StreamException, SSLException;

        /** The peer sent close_notify. */
        void peerClosed() throws StreamException;

        /**
         * Runs {@code work} (the engine's delegated tasks) off the I/O thread, then {@code then} on the
         * session's thread; {@code false} when there is no room for it. Default: both inline.
         */
        default boolean offload(Runnable work, Resume then) throws StreamException, SSLException {
            work.run();
            then.run();
            return true;
        }
    }

    /** Continues the handshake once the delegated tasks ran. */
    interface Resume {
        void run() throws StreamException, SSLException;
    }

    private final SSLEngine engine;
    private final Sink sink;
    // Record-sized buffers exist only while bytes are in flight: an idle stream holds none of them, which is
    // most of an established link's memory (benchmarks/RESULTS.md, "memory per idle stream").
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    /** Plaintext the engine could not take yet (it is mid-handshake and waits for the peer). */
    private final java.util.ArrayDeque<ByteBuffer> pendingApp = new java.util.ArrayDeque<>();
    private boolean handshakeDone;
    private boolean closed;
    private int unwrapDepth;
    /** Delegated tasks run on a worker: the engine is not touched until {@link #tasksDone}. */
    private boolean tasksRunning;
    /** Inside {@link Sink#offload}: a synchronous {@link #tasksDone} leaves the resuming to the caller. */
    private boolean offloading;
    /**
     * The host refused the delegated tasks: the handshake is abandoned and nothing more is wrapped, since a
     * wrap would run the tasks inline, on the I/O thread, for a connection that is being closed anyway.
     */
    private boolean abandoned;

    TlsLayer(SSLEngine engine, Sink sink) {
        this.engine = engine;
        this.sink = sink;
    }

    SSLEngine engine() {
        return engine;
    }

    boolean handshakeDone() {
        return handshakeDone;
    }

    /** Starts the handshake; on the client side this writes the ClientHello. */
    void begin() throws SSLException, StreamException {
        engine.beginHandshake();
        progress(engine.getHandshakeStatus());
    }

    /** Feeds network bytes; consumes all of {@code in}. */
    void unwrap(ByteBuffer in) throws SSLException, StreamException {
        if (unwrapDepth > 0) {
            throw new IllegalStateException("TLS input re-entered from its own callback");
        }
        netIn = ensure(netIn != null ? netIn : ByteBuffer.allocate(engine.getSession().getPacketBufferSize()),
                in.remaining());
        netIn.put(in);
        if (tasksRunning) {
            return; // kept in order; unwrapped once the delegated tasks are done
        }
        if (appIn == null) {
            appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        }
        unwrapDepth++;
        try {
            unwrapLoop();
        } finally {
            unwrapDepth--;
            releaseIdleBuffers();
        }
    }

    private void unwrapLoop() throws SSLException, StreamException {
        netIn.flip();
        try {
            while (!closed && netIn.hasRemaining()) {
                SSLEngineResult r = engine.unwrap(netIn, appIn);
                if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                    appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
                    continue;
                }
                if (r.getStatus() == Status.BUFFER_UNDERFLOW) {
                    int packet = engine.getSession().getPacketBufferSize();
                    if (netIn.capacity() < packet) {
                        ByteBuffer bigger = ByteBuffer.allocate(packet);
                        bigger.put(netIn);
                        bigger.flip();
                        netIn = bigger;
                        continue;
                    }
                    break; // a partial record: wait for more bytes
                }
                deliver();
                if (r.getStatus() == Status.CLOSED) {
                    closed = true;
                    sink.peerClosed();
                    break;
                }
                progress(r.getHandshakeStatus());
                if (tasksRunning) {
                    break; // the rest waits in netIn for the delegated tasks
                }
                if (r.bytesConsumed() == 0 && r.bytesProduced() == 0
                        && engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
                    break; // nothing moved: wait for more bytes rather than spin
                }
            }
        } finally {
            netIn.compact();
        }
        if (!pendingApp.isEmpty() && !closed && !tasksRunning) {
            retryPending();
        }
    }

    /** Encrypts and writes application bytes, keeping them in order if the engine must first hear the peer. */
    void wrap(ByteBuffer app) throws SSLException, StreamException {
        if (!pendingApp.isEmpty() || tasksRunning) {
            pendingApp.add(copy(app));
            return;
        }
        try {
            wrapNow(app);
        } finally {
            if (unwrapDepth == 0) {
                releaseIdleBuffers();
            }
        }
        if (app.hasRemaining() && !engine.isOutboundDone()) {
            pendingApp.add(copy(app));
        }
    }

    /** Drops the record buffers that hold nothing; a partial record received stays (RFC 8446 §5.1). */
    private void releaseIdleBuffers() {
        if (netIn != null && netIn.position() == 0) {
            netIn = null;
        }
        if (appIn != null && appIn.position() == 0) {
            appIn = null;
        }
        if (netOut != null && netOut.position() == 0) {
            netOut = null;
        }
    }

    private ByteBuffer netOut() {
        if (netOut == null) {
            netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        }
        return netOut;
    }

    private void wrapNow(ByteBuffer app) throws SSLException, StreamException {
        while (app.hasRemaining() && !engine.isOutboundDone()) {
            SSLEngineResult r = engine.wrap(app, netOut());
            if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                netOut = grow(netOut, engine.getSession().getPacketBufferSize());
                continue;
            }
            flush();
            if (r.getStatus() == Status.CLOSED) {
                break;
            }
            progress(r.getHandshakeStatus());
            if (tasksRunning) {
                return; // the rest is kept in pendingApp until the delegated tasks are done
            }
            if (r.bytesConsumed() == 0 && r.bytesProduced() == 0
                    && engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP) {
                return; // a handshake in progress waits for the peer; retried after the next unwrap
            }
        }
    }

    private void retryPending() throws SSLException, StreamException {
        while (!pendingApp.isEmpty()) {
            ByteBuffer next = pendingApp.peek();
            wrapNow(next);
            if (next.hasRemaining()) {
                return;
            }
            pendingApp.poll();
        }
    }

    private static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b).flip();
        return c;
    }

    /** Sends close_notify (RFC 8446 §6.1); best effort. */
    void close() {
        if (engine.isOutboundDone() || abandoned || tasksRunning) {
            return; // mid-task the engine belongs to the worker; the host closes the socket
        }
        engine.closeOutbound();
        try {
            wrapEmpty();
        } catch (SSLException e) {
            // The connection is going away either way; nothing else to send.
        }
    }

    /** After an SSLException: flush the alert the engine has queued, if any. */
    void flushAlert() {
        if (abandoned || tasksRunning) {
            return;
        }
        try {
            wrapEmpty();
        } catch (SSLException e) {
            // no alert could be produced; the host closes the socket anyway
        }
    }

    private void wrapEmpty() throws SSLException {
        ByteBuffer empty = ByteBuffer.allocate(0);
        for (int i = 0; i < 16; i++) {
            SSLEngineResult r = engine.wrap(empty, netOut());
            if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                netOut = grow(netOut, engine.getSession().getPacketBufferSize());
                continue;
            }
            flush();
            if (r.getStatus() == Status.CLOSED || r.bytesProduced() == 0
                    && r.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
                break;
            }
        }
    }

    private void progress(HandshakeStatus hs) throws SSLException, StreamException {
        while (true) {
            switch (hs) {
                case NEED_TASK -> {
                    if (tasksRunning) {
                        return;
                    }
                    tasksRunning = true;
                    boolean accepted;
                    offloading = true;
                    try {
                        accepted = sink.offload(this::runDelegatedTasks, this::tasksDone);
                    } finally {
                        offloading = false;
                    }
                    if (!accepted) {
                        tasksRunning = false;
                        abandoned = true;
                        throw new StreamException(StreamErrorCondition.RESOURCE_CONSTRAINT,
                                "the server is busy with other TLS handshakes; try again shortly (RFC 6120 §4.9.3.17)",
                                "no room in the TLS worker queue for this handshake");
                    }
                    if (tasksRunning) {
                        return; // resumed by tasksDone on the session's thread
                    }
                    hs = engine.getHandshakeStatus(); // they ran inline
                }
                case NEED_WRAP -> {
                    SSLEngineResult r = engine.wrap(ByteBuffer.allocate(0), netOut());
                    if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                        netOut = grow(netOut, engine.getSession().getPacketBufferSize());
                        hs = HandshakeStatus.NEED_WRAP;
                        continue;
                    }
                    flush();
                    if (r.getStatus() == Status.CLOSED) {
                        return;
                    }
                    hs = r.getHandshakeStatus();
                }
                case FINISHED -> {
                    finished();
                    return;
                }
                case NOT_HANDSHAKING -> {
                    if (!handshakeDone && engine.getSession().getCipherSuite() != null
                            && !"SSL_NULL_WITH_NULL_NULL".equals(engine.getSession().getCipherSuite())) {
                        finished();
                    }
                    return;
                }
                default -> {
                    return; // NEED_UNWRAP, NEED_UNWRAP_AGAIN: wait for the peer's bytes
                }
            }
        }
    }

    /** On a worker thread: the engine's tasks, nothing else of this layer. */
    private void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** Back on the session's thread: continue where the handshake stopped, with the bytes kept meanwhile. */
    private void tasksDone() throws SSLException, StreamException {
        tasksRunning = false;
        if (offloading || closed) {
            return;
        }
        progress(engine.getHandshakeStatus());
        if (!tasksRunning && netIn != null && netIn.position() > 0) {
            unwrap(ByteBuffer.allocate(0)); // also retries the pending plaintext
        } else if (!tasksRunning && !pendingApp.isEmpty()) {
            retryPending();
        }
        if (unwrapDepth == 0) {
            releaseIdleBuffers();
        }
    }

    private void finished() throws SSLException, StreamException {
        if (!handshakeDone) {
            handshakeDone = true;
            sink.handshakeFinished();
        }
    }

    private void deliver() throws SSLException, StreamException {
        if (appIn == null || appIn.position() == 0) {
            return;
        }
        appIn.flip();
        ByteBuffer out = ByteBuffer.allocate(appIn.remaining());
        out.put(appIn);
        out.flip();
        appIn.clear();
        sink.plaintext(out);
    }

    private void flush() {
        if (netOut == null || netOut.position() == 0) {
            return;
        }
        netOut.flip();
        ByteBuffer out = ByteBuffer.allocate(netOut.remaining());
        out.put(netOut);
        out.flip();
        netOut.clear();
        sink.network(out);
    }

    private static ByteBuffer grow(ByteBuffer b, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + atLeast));
        b.flip();
        bigger.put(b);
        return bigger;
    }

    private static ByteBuffer ensure(ByteBuffer b, int extra) {
        if (b.remaining() >= extra) {
            return b;
        }
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + extra));
        b.flip();
        bigger.put(b);
        return bigger;
    }
}
