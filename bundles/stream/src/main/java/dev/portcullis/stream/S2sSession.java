package dev.portcullis.stream;

import dev.portcullis.api.Direction;
import dev.portcullis.api.PeerText;
import dev.portcullis.api.dialback.Dialback;
import dev.portcullis.api.dialback.DialbackContext;
import dev.portcullis.api.dialback.DialbackDecision;
import dev.portcullis.api.dialback.DialbackError;
import dev.portcullis.api.dialback.DialbackOutcome;
import dev.portcullis.api.dialback.DialbackResultType;
import dev.portcullis.api.dialback.VerifyAnswer;
import dev.portcullis.api.dialback.VerifyQuery;
import dev.portcullis.api.dna.DomainVerifier;
import dev.portcullis.api.dna.Endpoint;
import dev.portcullis.api.dna.Verification;
import dev.portcullis.api.dna.VerificationOutcome;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.api.stream.AuthMethod;
import dev.portcullis.api.stream.StreamSecurity;
import dev.portcullis.api.tls.PolicyVerdict;
import dev.portcullis.api.tls.PolicyViolation;
import dev.portcullis.api.tls.TlsContext;
import dev.portcullis.api.tls.TlsPolicy;
import dev.portcullis.api.tls.TlsPolicyException;
import dev.portcullis.dna.core.fingerprint.Fingerprints;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One XMPP server-to-server stream's negotiation state machine (RFC 6120 §4-§6), in either role.
 * Transport-agnostic: the host feeds socket bytes to {@link #receive}, gets bytes to write through
 * {@link SessionHost#write}, and runs asynchronous completions through {@link SessionHost#execute}.
 * Not thread-safe: every call must come from the connection's serialized context.
 *
 * <p>Outbound (initiating entity): stream header, STARTTLS always attempted (RFC 7590 §3.1) or direct
 * TLS (XEP-0368), TLS review by the policy, restart (RFC 6120 §5.4.3.3), domain verification of the
 * peer's certificate (RFC 7712), SASL EXTERNAL if offered (XEP-0178) else Server Dialback (XEP-0220) if
 * permitted. Inbound (receiving entity): the mirror image, requiring TLS, offering SASL EXTERNAL only for
 * a verified certificate and dialback where permitted.
 */
public final class S2sSession {
    static final Logger LOG = LoggerFactory.getLogger(S2sSession.class);
    /** Prefixes our stream headers declare; elements in these namespaces are written with them. */
    static final Map<String, String> PREFIXES = Map.of(Namespaces.STREAMS, "stream", Namespaces.DIALBACK, "db");
    static final int MAX_HELD_ELEMENTS = 16;
    static final int MAX_SASL_ATTEMPTS = 3;
    /** Conditions that mean the peer sent bad or hostile input; the host hears of each as a note. */
    private static final Set<StreamErrorCondition> PEER_FAULTS = java.util.EnumSet.of(
            StreamErrorCondition.BAD_FORMAT, StreamErrorCondition.BAD_NAMESPACE_PREFIX,
            StreamErrorCondition.IMPROPER_ADDRESSING, StreamErrorCondition.INVALID_FROM,
            StreamErrorCondition.INVALID_NAMESPACE, StreamErrorCondition.INVALID_XML, StreamErrorCondition.NOT_AUTHORIZED,
            StreamErrorCondition.NOT_WELL_FORMED, StreamErrorCondition.POLICY_VIOLATION,
            StreamErrorCondition.RESTRICTED_XML, StreamErrorCondition.UNSUPPORTED_ENCODING,
            StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, StreamErrorCondition.UNSUPPORTED_VERSION);

    final SessionHost host;
    final SecurityServices services;
    final SessionConfig config;
    final Direction direction;
    final boolean directTls;
    final Endpoint endpoint;
    final String peerHost;
    final int peerPort;
    private final Instant established;
    private final Handler handler = new Handler();
    private final InboundRole inbound;
    private final OutboundRole outbound;

    // Negotiation state, shared with InboundRole and OutboundRole (this class's two halves, which is why
    // it is package-private rather than private). Only touched from the connection's serialized context.
    String localDomain;
    String peerDomain;
    /** The peer header's 'from' as received, for notes while {@link #peerDomain} is unknown (RFC 6120 §4.9.3.9). */
    String claimedFrom;
    SessionState state = SessionState.INITIAL;
    String streamId;
    StreamDecoder decoder;
    boolean headerSent;
    StreamHeader peerHeader;

    TlsLayer tls;
    /** Inbound STARTTLS: the layer waits here until {@code <proceed/>} has been written in plaintext. */
    TlsLayer pendingTls;
    TlsContext tlsContext;
    boolean tlsEstablished;
    /** When the TLS engine was built, for the handshake latency the host reports (metrics). */
    private java.time.Instant tlsStartedAt;
    boolean plaintextAccepted;
    PolicyVerdict verdict;
    List<X509Certificate> peerChain = List.of();
    /** The OCSP response the peer stapled for its certificate (RFC 6066 §8, RFC 8446 §4.4.2.1), or null. */
    private byte[] peerStaple;
    final Map<String, CompletableFuture<Verification>> verifications = new HashMap<>();
    Verification verification;

    Element features;
    boolean dialbackOffered;
    /** Outbound: the peer advertised dialback error handling on this stream (XEP-0220 §2.4.2). */
    boolean dialbackErrors;
    /** Outbound: the TLS review passed and the verifier judged the peer without a veto (or plaintext was accepted). */
    boolean peerJudged;
    boolean saslDone;
    int saslFailures;
    AuthMethod authMethod = AuthMethod.NONE;
    final Set<DomainPair> authenticated = new LinkedHashSet<>();
    final Set<DomainPair> pendingPairs = new LinkedHashSet<>();
    final ArrayDeque<DomainPair> queuedPairs = new ArrayDeque<>();
    final ArrayDeque<Element> held = new ArrayDeque<>();
    final List<PendingVerify> unsentVerifies = new ArrayList<>();
    final Map<String, CompletableFuture<VerifyAnswer>> awaitedVerifies = new HashMap<>();
    private String lastNote;
    /** Top-level elements received while no domain pair is authenticated (the budget, issue 11 item 6). */
    private int unauthenticatedElements;

    private S2sSession(SessionHost host, SecurityServices services, SessionConfig config, Direction direction,
                       boolean directTls, String localDomain, String peerDomain, Endpoint endpoint,
                       String peerHost, int peerPort) {
        this.host = Objects.requireNonNull(host, "host");
        this.services = Objects.requireNonNull(services, "services");
        this.config = Objects.requireNonNull(config, "config");
        this.direction = direction;
        this.directTls = directTls;
        this.localDomain = localDomain;
        this.peerDomain = peerDomain;
        this.endpoint = endpoint;
        this.peerHost = peerHost;
        this.peerPort = peerPort;
        this.established = config.clock().instant();
        this.decoder = new StreamDecoder(config.maxStanzaBytes());
        this.inbound = direction == Direction.INBOUND ? new InboundRole(this) : null;
        this.outbound = direction == Direction.OUTBOUND ? new OutboundRole(this) : null;
    }

    /**
     * A session for a connection a peer opened to us (we are the receiving entity).
     *
     * @param host      the connection's host callbacks
     * @param services  the currently bound security services
     * @param config    limits and sources
     * @param directTls true on a XEP-0368 direct-TLS listener: TLS starts with the first byte
     * @param peerHost  the peer's address as connected, for logs and the TLS context
     * @param peerPort  the peer's port
     */
    public static S2sSession inbound(SessionHost host, SecurityServices services, SessionConfig config,
                                     boolean directTls, String peerHost, int peerPort) {
        return new S2sSession(host, services, config, Direction.INBOUND, directTls, null, null, null, peerHost, peerPort);
    }

    /**
     * A session for a connection we opened to a peer (we are the initiating entity).
     *
     * @param host        the connection's host callbacks
     * @param services    the currently bound security services
     * @param config      limits and sources
     * @param localDomain our domain, the stream header's {@code from}
     * @param peerDomain  the peer domain, the stream header's {@code to} and SNI (RFC 7590 §3.5)
     * @param endpoint    the endpoint connected to (for DANE, RFC 7673 §4), or {@code null} for tests/static routes
     * @param directTls   true for XEP-0368 direct TLS: TLS starts before the stream header
     */
    public static S2sSession outbound(SessionHost host, SecurityServices services, SessionConfig config,
                                      String localDomain, String peerDomain, Endpoint endpoint, boolean directTls) {
        Objects.requireNonNull(localDomain, "localDomain");
        Objects.requireNonNull(peerDomain, "peerDomain");
        return new S2sSession(host, services, config, Direction.OUTBOUND, directTls,
                localDomain.toLowerCase(Locale.ROOT), peerDomain.toLowerCase(Locale.ROOT), endpoint,
                endpoint == null ? peerDomain : endpoint.host(), endpoint == null ? 0 : endpoint.port());
    }

    // ------------------------------------------------------------------ public operations

    /**
     * Starts the stream: outbound writes the stream header (or the TLS ClientHello for direct TLS);
     * inbound only waits (or, for direct TLS, prepares the engine).
     */
    public void start() {
        if (state != SessionState.INITIAL) {
            throw new IllegalStateException("session already started");
        }
        state = SessionState.STREAM_HEADER;
        try {
            if (directTls) {
                // XEP-0368 §3: TLS from the first byte; the stream header follows the handshake.
                if (startTls()) {
                    tls.begin();
                }
            } else if (direction == Direction.OUTBOUND) {
                sendHeader();
            }
        } catch (StreamException e) {
            fail(e);
        } catch (SSLException e) {
            tlsFailed(e);
        } catch (RuntimeException e) {
            internalError(e);
        }
    }

    /**
     * Bytes read from the socket. Consumes all of {@code bytes}. Errors are handled inside: the session
     * sends the stream error, closes, and reports through {@link SessionHost#closed}.
     */
    public void receive(ByteBuffer bytes) {
        if (state == SessionState.CLOSED || state == SessionState.INITIAL) {
            bytes.position(bytes.limit());
            return;
        }
        try {
            if (tls != null) {
                tls.unwrap(bytes);
            } else {
                feedPlain(bytes);
            }
        } catch (StreamException e) {
            fail(e);
        } catch (SSLException e) {
            tlsFailed(e);
        } catch (RuntimeException e) {
            internalError(e);
        } finally {
            bytes.position(bytes.limit());
        }
    }

    /**
     * Sends a stanza to the peer. Its {@code from} and {@code to} domains must form a pair authenticated
     * on this stream (RFC 6120 §4.3.3); otherwise nothing is sent and {@code false} is returned. Only
     * outbound streams carry our stanzas (bidirectional streams, XEP-0288, are not negotiated).
     */
    public boolean sendStanza(Element stanza) {
        if (direction != Direction.OUTBOUND || state == SessionState.CLOSED || state == SessionState.CLOSING) {
            return false;
        }
        String from = Jids.domain(stanza.attribute("from"));
        String to = Jids.domain(stanza.attribute("to"));
        if (from == null || to == null || !authenticated.contains(new DomainPair(from, to))) {
            return false;
        }
        sendElement(stanza);
        return state != SessionState.CLOSED;
    }

    /**
     * Outbound only: authenticate another domain pair on this stream (multiplexing or piggybacking, XEP-0220
     * §2.7, RFC 7712 §4.4) by dialback. The result is reported through {@link SessionHost#authenticated} or
     * {@link SessionHost#authenticationFailed}. Another sender domain (XEP-0220 §2.6.1) may be added at any time;
     * if the stream is still negotiating, the request waits. Another target domain (§2.7.2, RFC 7712 §4.4.2) only
     * on an established stream whose peer advertised dialback error handling, when {@code target} is the same
     * host and port this stream is connected to, and once the verifier has proven this stream's certificate for
     * the target too (otherwise reported failed, saying a stream of its own is needed).
     *
     * @param target where the host resolved {@code peerDomain} (needed for another target domain; may be
     *               {@code null} for another sender domain)
     * @return {@code false} if the request cannot be made on this stream (closed, inbound stream, too many pairs,
     *         a target domain that must not be multiplexed here): the host then opens a stream of its own for it
     */
    public boolean authenticate(String localDomain, String peerDomain, Endpoint target) {
        if (direction != Direction.OUTBOUND || state == SessionState.CLOSED || state == SessionState.CLOSING) {
            return false;
        }
        DomainPair pair = new DomainPair(localDomain.toLowerCase(Locale.ROOT), peerDomain.toLowerCase(Locale.ROOT));
        if (authenticated.contains(pair) || pendingPairs.contains(pair) || queuedPairs.contains(pair)) {
            return true;
        }
        if (authenticated.size() + pendingPairs.size() + queuedPairs.size() >= config.maxDomainPairs()) {
            return false;
        }
        if (!pair.peer().equals(this.peerDomain)) {
            String problem = outbound.targetMultiplexProblem(pair, target);
            if (problem != null) {
                LOG.debug("{}", problem);
                return false;
            }
            // waits in queuedPairs (so it is counted, deduplicated, and failed if the stream closes) until the
            // verifier has judged this stream's certificate for the target (RFC 7712 §4.4.2 step 3)
            queuedPairs.add(pair);
            verificationFor(pair.peer(), target).thenAccept(v -> guarded(() -> outbound.targetVerified(pair, v)));
            return true;
        }
        if (state == SessionState.ESTABLISHED) {
            try {
                outbound.dialbackOut(pair, false);
            } catch (StreamException e) {
                fail(e);
            }
        } else {
            queuedPairs.add(pair);
        }
        return true;
    }

    /**
     * Outbound only: send a {@code <db:verify/>} to this peer, our dialback receiving role asking the
     * authoritative server (XEP-0220 §2.1.2). Sent only once the peer is judged ({@link #peerJudged}: TLS
     * reviewed and the certificate not vetoed, or plaintext accepted), never during SASL; completes with the
     * answer, or with an ERROR answer (never exceptionally) if the stream closes first, a veto included.
     */
    public CompletionStage<VerifyAnswer> verify(VerifyQuery query) {
        CompletableFuture<VerifyAnswer> answer = new CompletableFuture<>();
        if (direction != Direction.OUTBOUND || state == SessionState.CLOSED || state == SessionState.CLOSING) {
            answer.complete(new VerifyAnswer(DialbackResultType.ERROR, DialbackError.REMOTE_CONNECTION_FAILED,
                    "no open outbound stream to " + query.authoritativeDomain() + " to send db:verify on"));
            return answer;
        }
        unsentVerifies.add(new PendingVerify(query, answer));
        outbound.flushVerifies();
        return answer;
    }

    /**
     * Closes the stream: sends {@code error}'s {@code <stream:error/>} if not {@code null}, then
     * {@code </stream:stream>}; after an error, or once the peer closed too, TLS close_notify and
     * {@link SessionHost#closed} (RFC 6120 §4.4).
     */
    public void close(StreamException error) {
        if (state == SessionState.CLOSED || state == SessionState.CLOSING) {
            return;
        }
        if (error != null) {
            fail(error);
            return;
        }
        writeXml("</stream:stream>");
        if (state != SessionState.CLOSED) {
            state = SessionState.CLOSING;
        }
    }

    /**
     * RFC 6120 §4.6.1 whitespace keepalive: writes a single space (TLS-protected when TLS is on) when the
     * stream is {@link SessionState#ESTABLISHED}; does nothing otherwise. The host calls it when nothing
     * was sent for its keepalive interval.
     */
    public void keepalive() {
        if (state == SessionState.ESTABLISHED) {
            writeXml(" ");
        }
    }

    /**
     * The TCP connection ended (end of stream or I/O error) without a {@code </stream:stream>}. The session
     * writes nothing more, fails pending {@link #verify} stages and queued domain pairs, moves to
     * {@link SessionState#CLOSED} and reports {@link SessionHost#closed} once: with {@code null} if we had
     * already closed our side (RFC 6120 §4.4), else with an {@link StreamErrorCondition#UNDEFINED_CONDITION}
     * error naming the peer and {@code reason}. Does nothing if already closed.
     */
    public void transportClosed(String reason) {
        if (state == SessionState.CLOSED) {
            return;
        }
        boolean orderly = state == SessionState.CLOSING;
        state = SessionState.CLOSED;
        failPending();
        host.closed(this, orderly ? null : new StreamException(StreamErrorCondition.UNDEFINED_CONDITION,
                "the connection with " + peerLabel() + " ended without </stream:stream>"
                        + (reason == null || reason.isEmpty() ? "" : ": " + reason) + " (RFC 6120 §4.4)"));
    }

    /** The current state. */
    public SessionState state() {
        return state;
    }

    /** The stream ID the receiving entity issued (RFC 6120 §4.7.3), or {@code null} before the header. */
    public String streamId() {
        return streamId;
    }

    /** Inbound or outbound. */
    public Direction direction() {
        return direction;
    }

    /** Our domain on this stream (inbound: the header's {@code to}, once known). */
    public String localDomain() {
        return localDomain;
    }

    /** The peer's domain (inbound: the header's {@code from}, once known). */
    public String peerDomain() {
        return peerDomain;
    }

    /** Whether stanzas may flow from {@code fromDomain} to {@code toDomain} on this stream. */
    public boolean isAuthenticated(String fromDomain, String toDomain) {
        return direction == Direction.OUTBOUND
                ? authenticated.contains(new DomainPair(fromDomain, toDomain))
                : authenticated.contains(new DomainPair(toDomain, fromDomain));
    }

    /** How the first domain pair was authenticated, {@link AuthMethod#NONE} so far. */
    public AuthMethod authMethod() {
        return authMethod;
    }

    /**
     * The RFC 7590 §3.6 record of this stream as negotiated so far ({@code streamId} is empty before the
     * receiving entity issued one).
     */
    public StreamSecurity security() {
        SSLSession s = tlsEstablished ? tls.engine().getSession() : null;
        Verification v = verification;
        List<String> peers = authenticated.stream().map(DomainPair::peer).distinct().collect(Collectors.toList());
        return new StreamSecurity(streamId == null ? "" : streamId, direction, localDomain, peerDomain, peers,
                tlsEstablished, s == null ? null : s.getProtocol(), s == null ? null : s.getCipherSuite(), authMethod,
                v == null ? null : v.provenBy(), peerChain.isEmpty() ? null : Fingerprints.certificate(peerChain.get(0)),
                v == null ? null : v.certificateChange(), verdict, established);
    }

    /**
     * Outbound: whether the peer is judged, i.e. the TLS policy accepted the session and the domain verifier
     * answered without a veto (or the policy accepted plaintext), so its certificate and its db:verify answers
     * may be relied on (RFC 7712 §4). Always {@code false} inbound and once closed.
     */
    public boolean peerJudged() {
        return peerJudged && state != SessionState.CLOSED;
    }

    /** The peer's TLS certificate chain, end-entity first; empty without TLS or certificate. */
    public List<X509Certificate> peerChain() {
        return peerChain;
    }

    /**
     * The {@code DomainVerifier}'s answer for the stream's peer domain — every prooftype's evidence
     * (RFC 7712 §7) — or {@code null} while it is pending or when no certificate was presented.
     */
    public Verification verification() {
        return verification;
    }

    /**
     * Writes raw XML into the current stream (through TLS when on). Package-private: tests use it to play
     * a misbehaving peer over a real TLS stream.
     */
    void sendXml(String xml) {
        writeXml(xml);
    }

    /** The TLS engine, or {@code null}; package-private for tests of TLS 1.3 post-handshake messages. */
    SSLEngine tlsEngine() {
        return tls == null ? null : tls.engine();
    }

    @Override
    public String toString() {
        return "S2sSession[" + direction + " " + localDomain + " <-> " + peerDomain + ", id " + streamId + ", " + state + "]";
    }

    // ------------------------------------------------------------------ input plumbing

    private void feedPlain(ByteBuffer buf) throws StreamException, SSLException {
        while (buf.hasRemaining() && state != SessionState.CLOSED) {
            TlsLayer before = tls;
            decoder.feed(buf, handler);
            if (before == null && tls != null && buf.hasRemaining()) {
                // Bytes after <starttls/>/<proceed/> in the same read are TLS records, never XML
                // (the STARTTLS command-injection defence, RFC 6120 §5.4.3.3 step 1-2).
                tls.unwrap(buf);
                return;
            }
        }
    }

    /** Receives the decoder's events; returning false from element() stops it at a restart point. */
    private final class Handler implements StreamDecoder.Handler {
        @Override
        public void streamOpened(StreamHeader header) throws StreamException {
            onHeader(header);
        }

        @Override
        public boolean element(Element element) throws StreamException {
            StreamDecoder current = decoder;
            try {
                onElement(element);
            } catch (SSLException e) {
                tlsFailed(e);
            }
            return decoder == current && state != SessionState.CLOSED;
        }

        @Override
        public void streamClosed() throws StreamException {
            onPeerClose();
        }
    }

    private final class TlsSink implements TlsLayer.Sink {
        @Override
        public void network(ByteBuffer bytes) {
            host.write(bytes);
        }

        @Override
        public void plaintext(ByteBuffer bytes) throws StreamException, SSLException {
            if (state != SessionState.CLOSED) {
                feedPlain(bytes);
            }
        }

        @Override
        public boolean offload(Runnable work, TlsLayer.Resume then) {
            return host.offload(work, () -> guarded(then::run));
        }

        @Override
        public void handshakeFinished() throws StreamException, SSLException {
            onHandshakeFinished();
        }

        @Override
        public void peerClosed() throws StreamException {
            if (state != SessionState.CLOSED) {
                // close_notify without </stream:stream>: treat as the end of the stream (RFC 6120 §4.4).
                finishClose(null);
            }
        }
    }

    // ------------------------------------------------------------------ stream headers (RFC 6120 §4.7)

    void sendHeader() {
        StringBuilder sb = new StringBuilder(256);
        sb.append("<?xml version='1.0'?><stream:stream xmlns='").append(Namespaces.SERVER)
                .append("' xmlns:stream='").append(Namespaces.STREAMS)
                // XEP-0220 §2.4.1: the db namespace declaration announces dialback support
                .append("' xmlns:db='").append(Namespaces.DIALBACK).append('\'');
        attr(sb, "from", localDomain);
        attr(sb, "to", peerDomain);
        if (direction == Direction.INBOUND) {
            attr(sb, "id", streamId);
        }
        if (direction == Direction.OUTBOUND || peerHeader == null || peerHeader.version() != null) {
            sb.append(" version='1.0'"); // §4.7.5 rule 2: the lower of theirs and ours, which is always 1.0
        } // §4.7.5 rule 4: no 'version' in the answer to a header without one
        sb.append(" xml:lang='en'>");
        headerSent = true;
        writeXml(sb.toString());
    }

    private static void attr(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append(' ').append(name).append("='");
            XmlWriter.escape(sb, value, true);
            sb.append('\'');
        }
    }

    private void onHeader(StreamHeader h) throws StreamException {
        if (state != SessionState.STREAM_HEADER) {
            throw new StreamException(StreamErrorCondition.INVALID_XML, "unexpected stream header in state " + state);
        }
        peerHeader = h;
        if (direction == Direction.INBOUND) {
            inbound.inboundHeader(h);
        } else {
            outbound.outboundHeader(h);
        }
    }

    void checkHeader(StreamHeader h) throws StreamException {
        if (!Namespaces.SERVER.equals(h.contentNamespace())) {
            throw new StreamException(StreamErrorCondition.INVALID_NAMESPACE, "the stream's content namespace is '"
                    + h.contentNamespace() + "'; server-to-server streams use " + Namespaces.SERVER + " (RFC 6120 §4.8.2)");
        }
        // RFC 6120 §4.7.5: numbers compared as integers, leading zeros ignored; no 'version' means 0.9,
        // which has no stream features, STARTTLS or SASL, so TLS (RFC 7590 §3.1) cannot be negotiated.
        StreamVersion version = StreamVersion.of(h.version()).orElse(null);
        if (version == null || version.major() != StreamVersion.XMPP_1_0.major()) {
            throw new StreamException(StreamErrorCondition.UNSUPPORTED_VERSION, "stream version "
                    + (h.version() == null ? "absent, which means 0.9 (pre-RFC 3920 stream)" : "'" + h.version() + "'")
                    + " is not supported; version 1.0 is required for STARTTLS (RFC 6120 §4.7.5)");
        }
    }

    // ------------------------------------------------------------------ elements

    private void onElement(Element e) throws StreamException, SSLException {
        if (e.is(Namespaces.STREAMS, "error")) {
            onPeerError(e);
            return;
        }
        if (authenticated.isEmpty() && ++unauthenticatedElements > config.maxUnauthenticatedElements()) {
            String text = peerLabel() + " sent more than " + config.maxUnauthenticatedElements()
                    + " elements without authenticating (RFC 6120 §4.9.3.14)";
            throw new StreamException(StreamErrorCondition.POLICY_VIOLATION, text, text + "; if an honest peer needs "
                    + "more, raise negotiation.max.elements in etc/dev.portcullis.server.cfg");
        }
        if (Namespaces.CLIENT.equals(e.namespace())) {
            throw new StreamException(StreamErrorCondition.INVALID_NAMESPACE, peerLabel() + " sent <" + e.name()
                    + "/> in the content namespace " + Namespaces.CLIENT + ", which server-to-server streams do not "
                    + "support (RFC 6120 §4.8.3)");
        }
        if (direction == Direction.INBOUND) {
            if (state == SessionState.VERIFYING) {
                if (held.size() >= MAX_HELD_ELEMENTS) {
                    throw new StreamException(StreamErrorCondition.POLICY_VIOLATION, peerDomain + " sent "
                            + MAX_HELD_ELEMENTS + " elements before receiving stream features (RFC 6120 §4.3.2)");
                }
                held.add(e);
                return;
            }
            inbound.inboundElement(e);
        } else {
            outbound.outboundElement(e);
        }
    }

    private void onPeerError(Element e) {
        StreamErrorCondition condition = StreamErrorCondition.UNDEFINED_CONDITION;
        String text = "";
        for (Element c : e.children()) {
            if (c.namespace().equals(StreamErrorCondition.NAMESPACE)) {
                if (c.name().equals("text")) {
                    text = c.text();
                } else {
                    condition = StreamErrorCondition.fromElementName(c.name());
                }
            }
        }
        // the host logs the close with this text; here only for debugging
        LOG.debug("{} sent stream error <{}/>: {}", PeerText.of(peerLabel()), condition.elementName(), PeerText.message(text));
        writeXml("</stream:stream>");
        finishClose(StreamException.fromPeer(condition, text));
    }

    private void onPeerClose() {
        if (state == SessionState.CLOSING) {
            finishClose(null);
            return;
        }
        writeXml("</stream:stream>"); // RFC 6120 §4.4: answer the close, then close TLS and TCP
        finishClose(null);
    }

    // ------------------------------------------------------------------ TLS start (both roles)

    /**
     * Builds the engine for this stream. Inbound with STARTTLS the layer is held back until
     * {@code <proceed/>} is written in plaintext.
     */
    boolean startTls() throws StreamException {
        TlsPolicy policy = services.tlsPolicy();
        if (policy == null) {
            throw missing("TLS policy", "dev.portcullis.tls");
        }
        tlsStartedAt = config.clock().instant();
        tlsContext = new TlsContext(direction, localDomain, peerDomain, services.identities(), peerHost, peerPort,
                directTls);
        SSLEngine engine;
        try {
            engine = policy.newEngine(tlsContext);
        } catch (TlsPolicyException | RuntimeException ex) {
            String text = "no TLS engine for the stream with " + peerLabel() + ": " + ex.getMessage();
            note(SecurityNote.Kind.TLS_REFUSED, text, "RFC 6120 §5.4.2.2");
            // the policy's message may name files or classes: our log only (issue 11 item 21)
            String peerText = "TLS cannot be started with this server right now (RFC 6120 §4.9.3.8)";
            if (direction == Direction.INBOUND && !directTls) {
                // RFC 6120 §5.4.2.2: <failure/>, then close the stream and the connection
                sendPlain("<failure xmlns='" + Namespaces.TLS + "'/></stream:stream>");
                finishClose(new StreamException(StreamErrorCondition.INTERNAL_SERVER_ERROR, peerText, text));
                return false;
            }
            throw new StreamException(StreamErrorCondition.INTERNAL_SERVER_ERROR, peerText, text);
        }
        decoder = new StreamDecoder(config.maxStanzaBytes()); // the stream restarts over TLS (§5.4.3.3)
        headerSent = false;
        state = SessionState.TLS_HANDSHAKE;
        TlsLayer layer = new TlsLayer(engine, new TlsSink());
        if (direction == Direction.INBOUND && !directTls) {
            pendingTls = layer;
        } else {
            tls = layer;
        }
        return true;
    }

    void restart() {
        decoder = new StreamDecoder(config.maxStanzaBytes());
        state = SessionState.STREAM_HEADER;
        headerSent = false;
        if (direction == Direction.OUTBOUND) {
            sendHeader();
        }
    }

    // ------------------------------------------------------------------ TLS handshake

    /** RFC 6120 §5.4.3.3 / XEP-0368 §3: the handshake is done; the policy reviews it. */
    private void onHandshakeFinished() throws StreamException {
        TlsPolicy policy = services.tlsPolicy();
        if (policy == null) {
            throw missing("TLS policy", "dev.portcullis.tls");
        }
        SSLSession session = tls.engine().getSession();
        peerChain = chainOf(session);
        peerStaple = Staples.of(session);
        verdict = policy.review(session, tlsContext);
        if (!verdict.accepted()) {
            String text = "TLS with " + peerLabel() + " (" + verdict.protocol() + ", " + verdict.cipherSuite()
                    + ") breaks the policy '" + verdict.profile() + "': " + verdict.violations().stream()
                    .map(PolicyViolation::toString).collect(Collectors.joining("; "));
            note(SecurityNote.Kind.POLICY_VIOLATION, text, verdict.violations().get(0).specSection());
            throw new StreamException(StreamErrorCondition.POLICY_VIOLATION, text);
        }
        tlsEstablished = true;
        host.tlsEstablished(this, verdict, java.time.Duration.between(tlsStartedAt, config.clock().instant()));
        state = SessionState.STREAM_HEADER;
        if (direction == Direction.OUTBOUND) {
            // §5.4.3.3 step 1: what came before TLS is discarded; a new stream starts
            features = null;
            dialbackErrors = false;
            streamId = null;
            sendHeader();
            verificationFor(peerDomain); // runs while the peer answers
        }
    }

    private static List<X509Certificate> chainOf(SSLSession session) {
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : session.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    out.add(x);
                }
            }
            return List.copyOf(out);
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }

    private void tlsFailed(SSLException e) {
        if (state == SessionState.CLOSED) {
            return;
        }
        if (tls != null) {
            tls.flushAlert();
        }
        String section = "RFC 6120 §5.4.3.2";
        String text = "TLS with " + peerLabel() + " failed: " + e.getMessage();
        if (protocolVersionRefused(e)) {
            // the peer speaks no TLS version the policy allows: name the rule, so the admin knows it is not a bug
            section = "RFC 8996 §5, RFC 9325 §3.1.1";
            text += ". " + peerLabel() + " offers no protocol version our policy allows (" + allowedProtocols()
                    + "); SSLv3, TLS 1.0 and TLS 1.1 are forbidden (RFC 8996, RFC 9325 §3.1.1). Its administrator "
                    + "must enable TLS 1.2 or 1.3: no Portcullis profile negotiates anything older.";
        } else if (String.valueOf(e.getMessage()).contains("RFC 9325 §3.5")) {
            section = "RFC 9325 §3.5, RFC 6120 §5.3.5"; // a renegotiation refused by the policy: not a setup error
        } else {
            text += ". Check the TLS policy's protocols and suites and the certificates on both sides.";
        }
        note(SecurityNote.Kind.TLS_REFUSED, text, section);
        // RFC 6120 §5.4.3.2: a TLS failure ends the TCP connection without a stream error
        state = SessionState.CLOSED;
        failPending();
        host.closed(this, new StreamException(StreamErrorCondition.UNDEFINED_CONDITION, text));
    }

    /** SunJSSE and BCJSSE words for "no common protocol version" (RFC 8446 §6.2 protocol_version alert). */
    private static boolean protocolVersionRefused(SSLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("protocol_version") || m.contains("protocol version") || m.contains("is not enabled or supported")
                    || m.contains("no appropriate protocol")) {
                return true;
            }
        }
        return false;
    }

    private String allowedProtocols() {
        TlsPolicy policy = services.tlsPolicy();
        return policy == null ? "see dev.portcullis.tls" : String.join(", ", policy.describe().protocols());
    }

    // ------------------------------------------------------------------ verification

    /** The verifier's judgement of the peer's certificate for {@code domain}; results return via execute. */
    CompletionStage<Verification> verificationFor(String domain) {
        return verificationFor(domain, endpoint);
    }

    /** As above; outbound, {@code at} is where {@code domain} resolved (its TLSA records matter to DANE). */
    CompletionStage<Verification> verificationFor(String domain, Endpoint at) {
        CompletableFuture<Verification> existing = verifications.get(domain);
        if (existing != null) {
            return existing;
        }
        CompletableFuture<Verification> result = new CompletableFuture<>();
        verifications.put(domain, result);
        DomainVerifier verifier = services.domainVerifier();
        if (verifier == null) {
            fail(missing("domain verifier", "dev.portcullis.dna"));
            return result;
        }
        VerificationRequest request = new VerificationRequest(direction, domain, localDomain, peerChain,
                direction == Direction.OUTBOUND ? at : null, peerStaple);
        // the verifier's synchronous part (PKIX path building, signature checks) is CPU work: off the I/O thread
        Runnable ask = () -> askVerifier(verifier, request).whenComplete((v, ex) -> host.execute(() -> {
            if (v == null) {
                LOG.error("The domain verifier failed for {}; the certificate counts as unverified", PeerText.of(domain), ex);
            }
            Verification done = v != null ? v : new Verification(domain, VerificationOutcome.UNVERIFIED, null,
                    List.of(), null, null, "the domain verifier failed for " + domain + " (see the server log)");
            if (domain.equals(peerDomain)) {
                verification = done;
                if (done.certificateChange() != null && done.certificateChange().warning()) {
                    // only a proven certificate replaces the remembered one; an unproven one merely differs from it
                    note(SecurityNote.Kind.CERTIFICATE_CHANGED, done.certificateChange().proven()
                            ? "the certificate of " + domain + " changed (was "
                            + done.certificateChange().previousFingerprint() + ", now "
                            + done.certificateChange().currentFingerprint() + ")"
                            : "the peer claiming " + domain + " presented a certificate ("
                            + done.certificateChange().currentFingerprint() + ") that differs from the one remembered ("
                            + done.certificateChange().previousFingerprint() + ") and that no prooftype proves",
                            "RFC 7590 §3.6");
                }
            }
            result.complete(done);
        }));
        if (!host.offload(ask, () -> { })) {
            fail(new StreamException(StreamErrorCondition.RESOURCE_CONSTRAINT,
                    "the server is busy; try again shortly (RFC 6120 §4.9.3.17)",
                    "no room in the worker queue to verify the certificate of " + domain));
        }
        return result;
    }

    private static CompletionStage<Verification> askVerifier(DomainVerifier verifier, VerificationRequest request) {
        try {
            return verifier.verify(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // counts as unverified, like a failed stage
        }
    }

    DialbackContext dialbackContext(Direction dir, String originating, String receiving, Verification v) {
        return new DialbackContext(dir, streamId, originating, receiving, tlsEstablished, plaintextPermitted(),
                v, peerChain);
    }

    boolean plaintextPermitted() {
        if (plaintextAccepted) {
            return true;
        }
        TlsPolicy policy = services.tlsPolicy();
        return policy != null && peerDomain != null && StartTlsRequirement.of(policy.startTls(peerDomain), peerDomain,
                direction == Direction.OUTBOUND ? endpoint : null).plaintextPermitted();
    }

    // ------------------------------------------------------------------ output and closing

    void sendElement(Element e) {
        writeXml(e.toXml(Namespaces.SERVER, PREFIXES));
    }

    /** Plaintext before TLS layer is installed (proceed, TLS failure). */
    void sendPlain(String xml) {
        host.write(ByteBuffer.wrap(xml.getBytes(StandardCharsets.UTF_8)));
    }

    void writeXml(String xml) {
        if (state == SessionState.CLOSED) {
            return;
        }
        ByteBuffer bytes = ByteBuffer.wrap(xml.getBytes(StandardCharsets.UTF_8));
        if (tls == null) {
            if (!directTls) {
                host.write(bytes); // on a direct-TLS connection nothing is ever sent in plaintext
            }
            return;
        }
        if (!tls.handshakeDone()) {
            return; // nothing XML can be said before the handshake completes
        }
        try {
            tls.wrap(bytes);
        } catch (SSLException | StreamException e) {
            LOG.debug("cannot write to {}: {}", PeerText.of(peerLabel()), e.toString());
        }
    }

    /** Sends a stream error and closes at once (RFC 6120 §4.9.1.1). */
    void fail(StreamException e) {
        if (state == SessionState.CLOSED) {
            return;
        }
        // the host logs every close once (SessionHost#closed), rate-limited per peer; here only for debugging
        LOG.debug("closing the stream with {}: <{}/> {}", PeerText.of(peerLabel()), e.condition().elementName(),
                PeerText.message(e.text()));
        if (PEER_FAULTS.contains(e.condition()) && !e.text().equals(lastNote)) {
            // the condition leads, so the one line the host writes for this close names it
            note(SecurityNote.Kind.PROTOCOL_VIOLATION, "<" + e.condition().elementName() + "/> " + e.text(),
                    e.condition().specSection());
        }
        if (!headerSent && direction == Direction.INBOUND && (tls == null || tls.handshakeDone())) {
            if (streamId == null) {
                streamId = config.streamIds().get();
            }
            sendHeader(); // §4.9.1.1: an error before our header still comes inside a stream
        }
        writeXml(e.toElement().toXml(Namespaces.SERVER, PREFIXES) + "</stream:stream>");
        finishClose(e);
    }

    void finishClose(StreamException error) {
        if (state == SessionState.CLOSED) {
            return;
        }
        if (tls != null) {
            tls.close();
        }
        state = SessionState.CLOSED;
        failPending();
        host.closed(this, error);
    }

    private void failPending() {
        String why = "the stream to " + peerDomain + " closed before an answer";
        // XEP-0220 §2.1.1: a stream lost while waiting counts as a dialback error: queued stanzas bounce
        // with remote-server-timeout
        for (PendingVerify p : unsentVerifies) {
            p.answer().complete(new VerifyAnswer(DialbackResultType.ERROR, DialbackError.REMOTE_CONNECTION_FAILED, why));
        }
        unsentVerifies.clear();
        for (CompletableFuture<VerifyAnswer> f : awaitedVerifies.values()) {
            f.complete(new VerifyAnswer(DialbackResultType.ERROR, DialbackError.REMOTE_SERVER_TIMEOUT, why));
        }
        awaitedVerifies.clear();
        if (direction == Direction.OUTBOUND) {
            for (DomainPair p : pendingPairs) {
                host.authenticationFailed(this, p.local(), p.peer(), why, DialbackError.REMOTE_SERVER_TIMEOUT);
            }
            for (DomainPair p : queuedPairs) {
                host.authenticationFailed(this, p.local(), p.peer(), why, DialbackError.REMOTE_SERVER_TIMEOUT);
            }
        }
        pendingPairs.clear();
        queuedPairs.clear();
    }

    StreamException missing(String service, String bundle) {
        String text = "the " + service + " service (bundle " + bundle + ") is not available right now, so the stream"
                + " with " + peerLabel() + " cannot be secured; it is probably being updated: retry shortly"
                + " (RFC 6120 §4.9.3.16)";
        note(SecurityNote.Kind.SERVICE_MISSING, text, "RFC 6120 §4.9.3.16");
        // the peer learns that it may retry, not which of our bundles is missing (issue 11 item 21)
        return new StreamException(StreamErrorCondition.RESET, "a security service of this server is being updated;"
                + " retry shortly (RFC 6120 §4.9.3.16)", text);
    }

    void note(SecurityNote.Kind kind, String message, String section) {
        lastNote = message;
        host.security(this, new SecurityNote(kind, streamId, peerDomain, message, section,
                peerDomain == null ? claimedFrom : null));
    }

    String peerLabel() {
        String p = peerDomain != null ? peerDomain : "an unidentified peer";
        return peerHost != null && !peerHost.equals(peerDomain) ? p + " (" + peerHost + (peerPort > 0 ? ":" + peerPort : "") + ")" : p;
    }

    /** Runs a continuation from an asynchronous completion, turning errors into a stream close. */
    void guarded(Step step) {
        if (state == SessionState.CLOSED) {
            return;
        }
        try {
            step.run();
        } catch (StreamException e) {
            fail(e);
        } catch (SSLException e) {
            tlsFailed(e);
        } catch (RuntimeException e) {
            internalError(e);
        }
    }

    /**
     * A bug here or in a security service must not leave the stream half-open. The detail and stack trace
     * are logged here, once; the peer gets a generic text (issue 11 item 21: never our exception text).
     */
    private void internalError(RuntimeException e) {
        LOG.error("Internal error on the stream with {} (stream {}); the stream is closed with "
                + "<internal-server-error/>. This is a bug: please report it with this stack trace",
                PeerText.of(peerLabel()), PeerText.of(streamId), e);
        fail(new StreamException(StreamErrorCondition.INTERNAL_SERVER_ERROR, "internal server error; the "
                + "administrator of this server can find the details in its log (RFC 6120 §4.9.3.8)",
                "internal error on the stream with " + peerLabel() + " (logged above with its stack trace)"));
    }

    @FunctionalInterface
    interface Step {
        void run() throws StreamException, SSLException;
    }

    record PendingVerify(VerifyQuery query, CompletableFuture<VerifyAnswer> answer) {
    }
}
