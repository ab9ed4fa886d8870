package dev.portcullis.openfire;

import dev.portcullis.api.tls.TlsPolicy;
import io.netty.channel.ChannelPipeline;
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

    @Override
    public void addNewHandlerTo(ChannelPipeline pipeline, EventExecutorGroup executor) {
        if (pipeline.get(HandshakeReviewHandler.NAME) != null) {
            return;
        }
        pipeline.addLast(executor, HandshakeReviewHandler.NAME, new HandshakeReviewHandler(policy, localDomain));
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
