package dev.portcullis.openfire;

import dev.portcullis.api.Direction;
import dev.portcullis.api.PeerText;
import dev.portcullis.api.tls.PolicyVerdict;
import dev.portcullis.api.tls.PolicyViolation;
import dev.portcullis.api.tls.TlsContext;
import dev.portcullis.api.tls.TlsPolicy;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import org.jivesoftware.openfire.Connection;
import org.jivesoftware.openfire.nio.NettyConnectionHandler;
import org.jivesoftware.openfire.nio.NettyOutboundConnectionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.StreamError;

/**
 * In every s2s channel: when the TLS handshake completes, reviews the session with {@link TlsPolicy#review}
 * (RFC 9325 §4, RFC 7590 §3.6) and closes a session that breaks the policy with a
 * {@code <policy-violation/>} stream error (RFC 6120 §4.9.3.13), logging the clause for the administrator.
 * No policy service (the tls-policy bundle is being updated): the session is closed too, fail closed.
 */
final class HandshakeReviewHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "portcullis-handshake-review";
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeReviewHandler.class);

    private final Supplier<TlsPolicy> policy;
    private final String localDomain;

    HandshakeReviewHandler(Supplier<TlsPolicy> policy, String localDomain) {
        this.policy = policy;
        this.localDomain = localDomain;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                review(ctx);
            } else {
                String cause = done.cause() == null || done.cause().getMessage() == null ? "" : done.cause().getMessage();
                LOG.warn("Portcullis: s2s TLS handshake with {} refused: {}. The policy in force allows only the protocols in {} "
                                + "and the cipher suites in {} ({})", peer(ctx), PeerText.message(cause),
                        S2sTlsSettings.PROTOCOLS, S2sTlsSettings.CIPHER_SUITES, HandshakeFailure.clause(cause));
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    private void review(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return;
        }
        SSLEngine engine = ssl.engine();
        TlsPolicy current = policy.get();
        if (current == null) {
            close(ctx, "the TLS policy service is not running (the tls-policy bundle is stopped or being updated); "
                    + "the session is closed rather than left unreviewed", "RFC 7590 §3.1");
            return;
        }
        Direction direction = engine.getUseClientMode() ? Direction.OUTBOUND : Direction.INBOUND;
        String peerDomain = outboundPeer(ctx);
        if (direction == Direction.OUTBOUND && peerDomain == null) {
            peerDomain = engine.getPeerHost() == null ? "unknown" : engine.getPeerHost();
        }
        InetSocketAddress remote = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a : null;
        TlsContext context = new TlsContext(direction, localDomain, peerDomain, List.of(),
                remote == null ? null : remote.getHostString(), remote == null ? 0 : remote.getPort(), false);
        PolicyVerdict verdict = current.review(engine.getSession(), context);
        if (verdict.accepted()) {
            LOG.info("Portcullis: {} s2s TLS session with {} meets profile {}: {} {} (RFC 7590 §3.6)",
                    direction == Direction.OUTBOUND ? "outbound" : "inbound", peer(ctx), verdict.profile(),
                    verdict.protocol(), verdict.cipherSuite());
            return;
        }
        PolicyViolation first = verdict.violations().get(0);
        close(ctx, "breaks profile " + verdict.profile() + ": " + verdict.violations(), first.specSection());
    }

    private void close(ChannelHandlerContext ctx, String why, String clause) {
        LOG.warn("Portcullis: closing the s2s TLS session with {} with <policy-violation/> (RFC 6120 §4.9.3.13): it {} ({})",
                peer(ctx), why, clause);
        Connection connection = ctx.channel().attr(NettyConnectionHandler.CONNECTION).get();
        StreamError error = new StreamError(StreamError.Condition.policy_violation,
                "The TLS session does not meet this server's federation policy (" + clause + ")");
        if (connection != null) {
            connection.close(error);
        } else {
            ctx.close();
        }
    }

    private static String outboundPeer(ChannelHandlerContext ctx) {
        NettyOutboundConnectionHandler out = ctx.pipeline().get(NettyOutboundConnectionHandler.class);
        return out == null || out.getDomainPair() == null ? null : out.getDomainPair().getRemote();
    }

    private static String peer(ChannelHandlerContext ctx) {
        String domain = outboundPeer(ctx);
        SocketAddress remote = ctx.channel().remoteAddress();
        return (domain == null ? "the peer" : PeerText.of(domain).toString()) + " at " + remote;
    }
}
