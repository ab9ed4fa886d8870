package dev.portcullis.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** A non-blocking TCP connect in progress on the I/O thread. */
final class PendingConnect implements IoHandler {

    /** Outcome of a connect attempt. */
    interface Callback {
        void connected(SocketChannel channel);

        void failed(String reason);
    }

    private final SocketChannel channel;
    private final InetSocketAddress target;
    private final Callback callback;
    private final long deadline;
    private SelectionKey key;
    private boolean done;

    private PendingConnect(SocketChannel channel, InetSocketAddress target, Callback callback, long deadline) {
        this.channel = channel;
        this.target = target;
        this.callback = callback;
        this.deadline = deadline;
    }

    /** Starts connecting; the callback runs on the I/O thread. */
    static PendingConnect start(Reactor reactor, InetSocketAddress target, long timeoutMillis, Callback callback) {
        SocketChannel ch;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
        } catch (IOException e) {
            callback.failed("cannot open a socket: " + e.getMessage());
            return null;
        }
        PendingConnect p = new PendingConnect(ch, target, callback, reactor.now() + timeoutMillis);
        try {
            if (ch.connect(target)) {
                p.done = true;
                callback.connected(ch);
                return p;
            }
            p.key = reactor.register(ch, SelectionKey.OP_CONNECT, p);
        } catch (IOException | RuntimeException e) {
            p.fail("connection to " + target + " failed: " + message(e));
        }
        return p;
    }

    @Override
    public void ready(SelectionKey k) {
        if (done) {
            return;
        }
        try {
            if (channel.finishConnect()) {
                done = true;
                k.interestOps(0); // the Connection takes this key over (Reactor.register)
                callback.connected(channel);
            }
        } catch (IOException e) {
            fail("connection to " + target + " failed: " + message(e));
        }
    }

    /** Called by the timer; gives up after the connect timeout. */
    boolean expire(long now) {
        if (!done && now >= deadline) {
            fail("connection to " + target + " timed out");
            return true;
        }
        return done;
    }

    boolean done() {
        return done;
    }

    private void fail(String reason) {
        if (done) {
            return;
        }
        done = true;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to do
        }
        callback.failed(reason);
    }

    @Override
    public void shutdown() {
        fail("the server is shutting down");
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
