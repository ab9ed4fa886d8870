package dev.portcullis.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A listening socket on the I/O thread's selector (RFC 6120 §3.2.1 STARTTLS or XEP-0368 direct TLS). */
final class Listener implements IoHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Listener.class);
    /** Accepts per readiness event, so a connection flood cannot starve established streams. */
    private static final int ACCEPTS_PER_EVENT = 64;

    private final ServerSocketChannel channel;
    private final HostPort configured;
    private final boolean directTls;
    private final Consumer<SocketChannel> onAccept;

    private Listener(ServerSocketChannel channel, HostPort configured, boolean directTls, Consumer<SocketChannel> onAccept) {
        this.channel = channel;
        this.configured = configured;
        this.directTls = directTls;
        this.onAccept = onAccept;
    }

    /** Binds and registers; call on the I/O thread. */
    static Listener open(Reactor reactor, HostPort address, boolean directTls, Consumer<SocketChannel> onAccept)
            throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.bind(address.toSocketAddress(), 1024);
            Listener l = new Listener(ch, address, directTls, onAccept);
            reactor.register(ch, SelectionKey.OP_ACCEPT, l);
            return l;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    HostPort configured() {
        return configured;
    }

    boolean directTls() {
        return directTls;
    }

    /** The bound address (the real port when 0 was configured). */
    InetSocketAddress boundAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            return configured.toSocketAddress();
        }
    }

    String describe() {
        InetSocketAddress a = boundAddress();
        String host = a.getAddress().getHostAddress();
        return (directTls ? "xmpps://" : "xmpp://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort()
                + (directTls ? " (direct TLS, XEP-0368)" : " (STARTTLS, RFC 6120 §5)");
    }

    @Override
    public void ready(SelectionKey key) {
        for (int i = 0; i < ACCEPTS_PER_EVENT; i++) {
            SocketChannel c;
            try {
                c = channel.accept();
            } catch (IOException e) {
                // e.g. too many open files: log, and let the next readiness event retry
                LOG.warn("Cannot accept an s2s connection on {}: {}. If this is 'Too many open files', raise "
                        + "the process's file limit (ulimit -n)", describe(), e.getMessage());
                return;
            }
            if (c == null) {
                return;
            }
            onAccept.accept(c);
        }
    }

    @Override
    public void shutdown() {
        close();
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing listener {}", configured, e);
        }
    }

    @Override
    public String toString() {
        return "listener " + configured;
    }
}
