package dev.portcullis.openfire;

import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.spi.ConnectionAcceptor;
import org.jivesoftware.openfire.spi.ConnectionListener;
import org.jivesoftware.openfire.spi.ConnectionManagerImpl;
import org.jivesoftware.openfire.spi.ConnectionType;
import org.jivesoftware.openfire.spi.NettyConnectionAcceptor;
import org.jivesoftware.openfire.nio.NettyChannelHandlerFactory;

/**
 * Keeps a channel-handler factory on Openfire's s2s acceptors. A configuration change makes a
 * {@link ConnectionListener} replace its acceptor, and the new one starts without the factory
 * ({@code NettyConnectionAcceptor#addChannelHandler}'s documentation), so the factory is added again on
 * every {@code acceptorStarting}.
 */
final class S2sAcceptorHook implements ConnectionListener.SocketAcceptorEventListener, AutoCloseable {

    private final NettyChannelHandlerFactory factory;

    private S2sAcceptorHook(NettyChannelHandlerFactory factory) {
        this.factory = factory;
    }

    static S2sAcceptorHook install(NettyChannelHandlerFactory factory) {
        S2sAcceptorHook hook = new S2sAcceptorHook(factory);
        for (ConnectionListener listener : listeners()) {
            listener.add(hook);
            hook.acceptorStarting(listener.getConnectionAcceptor());
        }
        return hook;
    }

    @Override
    public void acceptorStarting(ConnectionAcceptor acceptor) {
        if (acceptor instanceof NettyConnectionAcceptor netty) {
            netty.addChannelHandler(factory);
        }
    }

    @Override
    public void acceptorStopping(ConnectionAcceptor acceptor) {
        if (acceptor instanceof NettyConnectionAcceptor netty) {
            netty.removeChannelHandler(factory);
        }
    }

    @Override
    public void close() {
        for (ConnectionListener listener : listeners()) {
            listener.remove(this);
            acceptorStopping(listener.getConnectionAcceptor());
        }
    }

    private static Iterable<ConnectionListener> listeners() {
        ConnectionManagerImpl manager = (ConnectionManagerImpl) XMPPServer.getInstance().getConnectionManager();
        return manager.getListeners(ConnectionType.SOCKET_S2S);
    }
}
