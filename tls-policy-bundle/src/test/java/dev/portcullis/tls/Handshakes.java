package dev.portcullis.tls;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/** Runs a real TLS handshake between two engines in memory, as two s2s peers would over a socket. */
final class Handshakes {

    /** What happened on each side: the exception it failed with, or {@code null}. */
    record Outcome(SSLEngine client, SSLEngine server, Exception clientError, Exception serverError,
                   long serverBytes) {
        boolean succeeded() {
            return clientError == null && serverError == null;
        }

        /** Both errors' messages with their causes, for assertions on who refused and why. */
        String errors() {
            return describe(clientError) + " | " + describe(serverError);
        }

        private static String describe(Throwable t) {
            StringBuilder b = new StringBuilder();
            for (Throwable c = t; c != null; c = c.getCause()) {
                b.append(c).append(" <- ");
            }
            return b.toString();
        }
    }

    private final SSLEngine client;
    private final SSLEngine server;
    private final ByteBuffer c2s = ByteBuffer.allocate(1 << 17);
    private final ByteBuffer s2c = ByteBuffer.allocate(1 << 17);
    private final ByteBuffer app = ByteBuffer.allocate(1 << 17);
    private Exception clientError;
    private Exception serverError;
    /** TLS bytes the server sent: a resumed TLS 1.3 handshake sends no Certificate, so far fewer (RFC 8446 §2.2). */
    private long serverBytes;

    private Handshakes(SSLEngine client, SSLEngine server) {
        this.client = client;
        this.server = server;
    }

    static Outcome run(SSLEngine client, SSLEngine server) {
        Handshakes h = new Handshakes(client, server);
        try {
            client.beginHandshake();
            server.beginHandshake();
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
        h.pump();
        return new Outcome(client, server, h.clientError, h.serverError, h.serverBytes);
    }

    /** Continues after the first handshake (e.g. after {@code beginHandshake()} again). */
    static Outcome resume(Outcome o) {
        Handshakes h = new Handshakes(o.client(), o.server());
        h.pump();
        return new Outcome(o.client(), o.server(), h.clientError, h.serverError, h.serverBytes);
    }

    /**
     * Hands the server's post-handshake messages (TLS 1.3 NewSessionTicket, RFC 8446 §4.6.1) to the client.
     * SunJSSE sends them with its last handshake flight; Conscrypt holds them until the next wrap, which the
     * host makes when it writes stream features.
     */
    static void deliverTickets(Outcome o) throws SSLException {
        ByteBuffer net = ByteBuffer.allocate(1 << 17);
        o.server().wrap(ByteBuffer.allocate(0), net);
        net.flip();
        ByteBuffer sink = ByteBuffer.allocate(1 << 17);
        while (net.hasRemaining() && o.client().unwrap(net, sink).bytesConsumed() > 0) {
            sink.clear();
        }
    }

    private void pump() {
        for (int i = 0; i < 500; i++) {
            boolean progress = false;
            if (clientError == null) {
                try {
                    progress |= step(client, s2c, c2s);
                } catch (SSLException e) {
                    clientError = e;
                    flushAlert(client, c2s);
                }
            }
            if (serverError == null) {
                try {
                    progress |= step(server, c2s, s2c);
                } catch (SSLException e) {
                    serverError = e;
                    flushAlert(server, s2c);
                }
            }
            boolean done = client.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                    && server.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                    && c2s.position() == 0 && s2c.position() == 0;
            if ((done || (clientError != null && serverError != null)) || (!progress && i > 3)) {
                return;
            }
        }
    }

    private boolean step(SSLEngine e, ByteBuffer in, ByteBuffer out) throws SSLException {
        boolean progress = false;
        HandshakeStatus hs = e.getHandshakeStatus();
        while (hs == HandshakeStatus.NEED_TASK) {
            Runnable t;
            while ((t = e.getDelegatedTask()) != null) {
                t.run();
            }
            hs = e.getHandshakeStatus();
            progress = true;
        }
        if (hs == HandshakeStatus.NEED_WRAP) {
            SSLEngineResult r = e.wrap(ByteBuffer.allocate(0), out);
            if (e == server) {
                serverBytes += r.bytesProduced();
            }
            progress |= r.bytesProduced() > 0 || r.getHandshakeStatus() != HandshakeStatus.NEED_WRAP;
        }
        if (in.position() > 0) {
            in.flip();
            app.clear();
            SSLEngineResult r = e.unwrap(in, app);
            in.compact();
            progress |= r.bytesConsumed() > 0;
        }
        return progress;
    }

    /** After a failure an engine still owes its peer an alert; deliver it. */
    private static void flushAlert(SSLEngine e, ByteBuffer out) {
        try {
            for (int i = 0; i < 4; i++) {
                if (e.wrap(ByteBuffer.allocate(0), out).bytesProduced() == 0) {
                    break;
                }
            }
        } catch (SSLException ignored) {
            // the engine is already dead; whatever it could send is in out
        }
    }
}
