package dev.portcullis.openfire;

import dev.portcullis.api.tls.TlsPolicy;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jivesoftware.openfire.nio.NettyChannelHandlerFactory;

/**
 * Puts a {@link HandshakeReviewHandler} into each s2s channel. It remembers every pipeline it touched:
 * Openfire removes a factory's handlers only from the acceptor's inbound channels, so the outbound ones are
 * cleaned here when the plugin unloads (a handler left behind would pin the plugin's class loader).
 */
final class HandshakeReviewFactory implements NettyChannelHandlerFactory {

    private final Supplier<TlsPolicy> policy;
    private final String localDomain;
    private final Set<ChannelPipeline> pipelines = ConcurrentHashMap.newKeySet();

    HandshakeReviewFactory(Supplier<TlsPolicy> policy, String localDomain) {
        this.policy = policy;
        this.localDomain = localDomain;
    }

    @Override
    @SuppressWarnings("removal")
    public void addNewHandlerTo(ChannelPipeline pipeline) {
        addNewHandlerTo(pipeline, null);
    }

    /**
     * The handler goes right behind the TLS handler (or first, where STARTTLS will put the TLS handler in front
     * of it) and runs on the channel's event loop, not on Openfire's {@code executor}: the handshake-complete event
     * then reaches it before the channel closes (on a second executor a failed handshake's event was lost when the
     * channel closed first). Its work is a CPU-only review, nothing blocks.
     */
    @Override
    public void addNewHandlerTo(ChannelPipeline pipeline, EventExecutorGroup executor) {
        if (pipeline.get(HandshakeReviewHandler.NAME) != null) {
            return;
        }
        HandshakeReviewHandler handler = new HandshakeReviewHandler(policy, localDomain);
        ChannelHandlerContext tls = pipeline.context(SslHandler.class);
        if (tls != null) {
            pipeline.addAfter(tls.name(), HandshakeReviewHandler.NAME, handler);
        } else {
            pipeline.addFirst(HandshakeReviewHandler.NAME, handler);
        }
        pipelines.add(pipeline);
        pipeline.channel().closeFuture().addListener(f -> pipelines.remove(pipeline));
    }

    @Override
    public void removeHandlerFrom(ChannelPipeline pipeline) {
        pipelines.remove(pipeline);
        if (pipeline.get(HandshakeReviewHandler.NAME) != null) {
            try {
                pipeline.remove(HandshakeReviewHandler.NAME);
            } catch (java.util.NoSuchElementException raced) {
                // removed concurrently (the channel closed)
            }
        }
    }

    /** Removes the handler from every channel still open, inbound and outbound. */
    void removeEverywhere() {
        for (ChannelPipeline p : Set.copyOf(pipelines)) {
            removeHandlerFrom(p);
        }
    }
}
