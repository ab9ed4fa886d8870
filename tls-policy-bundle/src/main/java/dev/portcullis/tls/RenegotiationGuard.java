package dev.portcullis.tls;

import java.nio.ByteBuffer;
import java.util.function.BiFunction;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * Wraps an engine of either provider to refuse TLS 1.2 renegotiation on this engine only (RFC 9325 §3.5,
 * RFC 6120 §5.3.5: XMPP uses a stream reset or a new connection instead).
 *
 * <p>In TLS 1.2 no handshake record may follow a completed handshake except one that starts a renegotiation
 * (a ClientHello, or a HelloRequest from the server), and record headers are plaintext. So the first such
 * record is refused before the provider sees it: the engine is closed (the host then sends close_notify
 * and drops the connection) and the exception names the rule. Without this, BCJSSE answers with a
 * warning-level no_renegotiation alert and carries on, and SunJSSE answers a resuming ClientHello and then
 * waits for the peer's Finished: either way a peer that just waits wedges the stream until the idle timeout.
 *
 * <p>SunJSSE on Java 17 accepts a peer's secure (RFC 5746) renegotiation unless the JVM-wide
 * {@code jdk.tls.rejectClientInitiatedRenegotiation} is set, which this policy must not do. This guard
 * switches off session creation on this engine once the first TLS 1.2 handshake is complete, so SunJSSE
 * itself refuses a full renegotiation with a fatal alert, and closes the engine if an abbreviated one
 * completes; the exception names the rule, and the host closes the stream. TLS 1.3 has no renegotiation
 * (RFC 8446 §4.6 post-handshake messages pass).
 * When the first handshake finishes it checks the server's ALPN choice ({@link Alpn}, RFC 9325 §3.8) and
 * records the negotiated group in the session (value {@value #GROUP_KEY}) when the handshake
 * finishes, because SunJSSE does not expose it (RFC 7590 §3.6).
 */
final class RenegotiationGuard extends SSLEngine {

    static final String GROUP_KEY = "dev.portcullis.tls.namedGroup";
    private static final byte HANDSHAKE_RECORD = 22;

    private final SSLEngine delegate;
    private final PolicyConstraints constraints;
    private volatile boolean established;

    RenegotiationGuard(SSLEngine delegate, PolicyConstraints constraints) {
        super(delegate.getPeerHost(), delegate.getPeerPort());
        this.delegate = delegate;
        this.constraints = constraints;
    }

    /** The provider's engine; the key and trust managers see this one. */
    SSLEngine delegate() {
        return delegate;
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
        try {
            return watch(delegate.wrap(srcs, offset, length, dst));
        } catch (SSLException e) {
            throw explained(e);
        }
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
        if (established && startsHandshakeRecord(src) && isTls12()) {
            delegate.closeOutbound();
            throw refusal("the peer started a renegotiation (a TLS handshake record after the handshake)", null);
        }
        try {
            return watch(delegate.unwrap(src, dsts, offset, length));
        } catch (SSLException e) {
            throw explained(e);
        }
    }

    /**
     * After the first TLS 1.2 handshake, session creation is switched off on this engine: SunJSSE then
     * answers any full renegotiation, from either side, with a fatal handshake_failure alert of its own
     * ("no new session is allowed"). An abbreviated renegotiation (resuming the session) needs no new
     * session, so a second completed handshake is caught here and the engine is closed.
     */
    private SSLEngineResult watch(SSLEngineResult r) throws SSLException {
        if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            if (!established) {
                try {
                    Alpn.checkSelection(delegate);   // before "established": it is no renegotiation
                } catch (SSLException e) {
                    delegate.closeOutbound();
                    throw e;
                }
                established = true;
                String group = EngineTuning.negotiatedGroup(delegate, constraints);
                if (group != null) {
                    delegate.getSession().putValue(GROUP_KEY, group);
                }
                if (isTls12()) {
                    delegate.setEnableSessionCreation(false);
                }
            } else if (isTls12()) {
                delegate.closeOutbound();
                throw refusal("a renegotiation (resuming the session) was completed", null);
            }
        }
        return r;
    }

    /** TLS record content type 22 (RFC 5246 §6.2.1, §A.1) at the start of the next record. */
    private static boolean startsHandshakeRecord(ByteBuffer src) {
        return src.hasRemaining() && src.get(src.position()) == HANDSHAKE_RECORD;
    }

    /** SunJSSE's own refusal says "no new session is allowed"; tell the administrator why. */
    private SSLException explained(SSLException e) {
        if (established && isTls12() && !(e.getMessage() != null && e.getMessage().contains("RFC 9325 §3.5"))) {
            return refusal("the peer tried to renegotiate", e);
        }
        return e;
    }

    private boolean isTls12() {
        String p = delegate.getSession().getProtocol();
        return !"TLSv1.3".equals(p) && !"NONE".equals(p);
    }

    private SSLHandshakeException refusal(String what, Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException(what + " on a TLS 1.2 session with "
                + delegate.getPeerHost() + "; the TLS policy refuses renegotiation (RFC 9325 §3.5). "
                + "Nothing to fix locally: a peer that renegotiates must reconnect instead (RFC 6120 §5.3.5)");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    @Override
    public void beginHandshake() throws SSLException {
        if (established && isTls12()) {
            throw refusal("the host asked to start a renegotiation", null);
        }
        delegate.beginHandshake();
    }

    @Override
    public Runnable getDelegatedTask() {
        return delegate.getDelegatedTask();
    }

    @Override
    public void closeInbound() throws SSLException {
        delegate.closeInbound();
    }

    @Override
    public boolean isInboundDone() {
        return delegate.isInboundDone();
    }

    @Override
    public void closeOutbound() {
        delegate.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
        return delegate.isOutboundDone();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return delegate.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        delegate.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return delegate.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return delegate.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        delegate.setEnabledProtocols(protocols);
    }

    @Override
    public SSLSession getSession() {
        return delegate.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return delegate.getHandshakeSession();
    }

    @Override
    public HandshakeStatus getHandshakeStatus() {
        return delegate.getHandshakeStatus();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        delegate.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return delegate.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        delegate.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return delegate.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        delegate.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return delegate.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        delegate.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return delegate.getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return delegate.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        delegate.setSSLParameters(params);
    }

    @Override
    public String getApplicationProtocol() {
        return delegate.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return delegate.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
        delegate.setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return delegate.getHandshakeApplicationProtocolSelector();
    }

    @Override
    public String toString() {
        return "RenegotiationGuard[" + delegate + "]";
    }
}
