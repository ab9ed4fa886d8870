package dev.portcullis.stream;

import dev.portcullis.api.Direction;
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
import dev.portcullis.api.tls.StartTlsRule;
import dev.portcullis.api.tls.TlsContext;
import dev.portcullis.api.tls.TlsPolicy;
import dev.portcullis.api.tls.TlsPolicyException;
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
    private static final Logger LOG = LoggerFactory.getLogger(S2sSession.class);
    /** Prefixes our stream headers declare; elements in these namespaces are written with them. */
    private static final Map<String, String> PREFIXES = Map.of(Namespaces.STREAMS, "stream", Namespaces.DIALBACK, "db");
    private static final int MAX_HELD_ELEMENTS = 16;
    private static final int MAX_SASL_ATTEMPTS = 3;

    private final SessionHost host;
    private final SecurityServices services;
    private final SessionConfig config;
    private final Direction direction;
    private final boolean directTls;
    private final Endpoint endpoint;
    private final String peerHost;
    private final int peerPort;
    private final Instant established;
    private final Handler handler = new Handler();

    private String localDomain;
    private String peerDomain;
    private SessionState state = SessionState.INITIAL;
    private String streamId;
    private StreamDecoder decoder;
    private boolean headerSent;
    private StreamHeader peerHeader;

    private TlsLayer tls;
    private TlsContext tlsContext;
    private boolean tlsEstablished;
    private boolean plaintextAccepted;
    private PolicyVerdict verdict;
    private List<X509Certificate> peerChain = List.of();
    private final Map<String, CompletableFuture<Verification>> verifications = new HashMap<>();
    private Verification verification;

    private Element features;
    private boolean dialbackOffered;
    private boolean saslDone;
    private int saslFailures;
    private AuthMethod authMethod = AuthMethod.NONE;
    private final Set<DomainPair> authenticated = new LinkedHashSet<>();
    private final Set<DomainPair> pendingPairs = new LinkedHashSet<>();
    private final ArrayDeque<DomainPair> queuedPairs = new ArrayDeque<>();
    private final ArrayDeque<Element> held = new ArrayDeque<>();
    private final List<PendingVerify> unsentVerifies = new ArrayList<>();
    private final Map<String, CompletableFuture<VerifyAnswer>> awaitedVerifies = new HashMap<>();
    private StreamException closeError;

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
     * Outbound only: authenticate another domain pair on this stream (piggybacking, XEP-0220 §2.6, RFC 7712
     * §4.4) by dialback. The result is reported through {@link SessionHost#authenticated} or
     * {@link SessionHost#authenticationFailed}. If the stream is still negotiating, the request waits.
     *
     * @return {@code false} if the request cannot be made (closed, inbound stream, too many pairs)
     */
    public boolean authenticate(String localDomain, String peerDomain) {
        if (direction != Direction.OUTBOUND || state == SessionState.CLOSED || state == SessionState.CLOSING) {
            return false;
        }
        DomainPair pair = new DomainPair(localDomain, peerDomain);
        if (authenticated.contains(pair) || pendingPairs.contains(pair) || queuedPairs.contains(pair)) {
            return true;
        }
        if (authenticated.size() + pendingPairs.size() + queuedPairs.size() >= config.maxDomainPairs()) {
            return false;
        }
        if (state == SessionState.ESTABLISHED) {
            try {
                dialbackOut(pair, false);
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
     * authoritative server (XEP-0220 §2.1.2). Sent once TLS is up (or plaintext is permitted); completes
     * with the answer, or with an ERROR answer (never exceptionally) if the stream closes first.
     */
    public CompletionStage<VerifyAnswer> verify(VerifyQuery query) {
        CompletableFuture<VerifyAnswer> answer = new CompletableFuture<>();
        if (direction != Direction.OUTBOUND || state == SessionState.CLOSED || state == SessionState.CLOSING) {
            answer.complete(new VerifyAnswer(DialbackResultType.ERROR, DialbackError.REMOTE_CONNECTION_FAILED,
                    "no open outbound stream to " + query.authoritativeDomain() + " to send db:verify on"));
            return answer;
        }
        unsentVerifies.add(new PendingVerify(query, answer));
        flushVerifies();
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
                v == null ? null : v.provenBy(), peerChain.isEmpty() ? null : Fingerprints.sha256(peerChain.get(0)),
                v == null ? null : v.certificateChange(), verdict, established);
    }

    /** The peer's TLS certificate chain, end-entity first; empty without TLS or certificate. */
    public List<X509Certificate> peerChain() {
        return peerChain;
    }

    /**
     * Writes raw XML into the current stream (through TLS when on). Package-private: tests use it to play
     * a misbehaving peer over a real TLS stream.
     */
    void sendXml(String xml) {
        writeXml(xml);
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
        public void handshakeFinished() throws StreamException, SSLException {
            onHandshakeFinished();
        }

        @Override
        public void peerClosed() throws StreamException {
            if (state != SessionState.CLOSED) {
                // close_notify without </stream:stream>: treat as the end of the stream (RFC 6120 §4.4).
                finishClose(closeError);
            }
        }
    }

    // ------------------------------------------------------------------ stream headers (RFC 6120 §4.7)

    private void sendHeader() {
        StringBuilder sb = new StringBuilder(256);
        sb.append("<?xml version='1.0'?><stream:stream xmlns='").append(Namespaces.SERVER)
                .append("' xmlns:stream='").append(Namespaces.STREAMS)
                // XEP-0220 §2.5.1: the db namespace declaration announces dialback support
                .append("' xmlns:db='").append(Namespaces.DIALBACK).append('\'');
        attr(sb, "from", localDomain);
        attr(sb, "to", peerDomain);
        if (direction == Direction.INBOUND) {
            attr(sb, "id", streamId);
        }
        sb.append(" version='1.0' xml:lang='en'>");
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
            inboundHeader(h);
        } else {
            outboundHeader(h);
        }
    }

    private void checkHeader(StreamHeader h) throws StreamException {
        if (!Namespaces.SERVER.equals(h.contentNamespace())) {
            throw new StreamException(StreamErrorCondition.INVALID_NAMESPACE, "the stream's content namespace is '"
                    + h.contentNamespace() + "'; server-to-server streams use " + Namespaces.SERVER + " (RFC 6120 §4.8.2)");
        }
        if (h.version() == null || !h.version().matches("1\\.\\d+")) {
            throw new StreamException(StreamErrorCondition.UNSUPPORTED_VERSION, "stream version "
                    + (h.version() == null ? "absent (pre-RFC 3920 stream)" : "'" + h.version() + "'")
                    + " is not supported; version 1.0 is required for STARTTLS (RFC 6120 §4.7.5)");
        }
    }

    /** RFC 6120 §4.2-§4.3: the receiving entity's side of the header exchange. */
    private void inboundHeader(StreamHeader h) throws StreamException {
        String to = h.to() == null ? null : h.to().toLowerCase(Locale.ROOT);
        if (to != null && localDomain == null) {
            localDomain = to; // so our reply header names the domain, even on an error
        }
        streamId = config.streamIds().get(); // a fresh ID for every stream, also after restarts (§4.7.3)
        checkHeader(h);
        if (to == null || !services.localDomains().contains(to)) {
            throw new StreamException(StreamErrorCondition.HOST_UNKNOWN, to == null
                    ? "the stream header from " + peerHost + " has no 'to' (RFC 6120 §4.7.2)"
                    : "this server does not serve " + to + " (RFC 6120 §4.9.3.6)");
        }
        if (!to.equals(localDomain)) {
            throw new StreamException(StreamErrorCondition.HOST_UNKNOWN, "the stream changed its 'to' from "
                    + localDomain + " to " + to + " on restart (RFC 6120 §4.3.3)");
        }
        String from = h.from() == null ? null : h.from().toLowerCase(Locale.ROOT);
        if (from == null || Jids.domain(from) == null || !from.equals(Jids.domain(from))) {
            throw new StreamException(StreamErrorCondition.INVALID_FROM, "the s2s stream header from " + peerHost
                    + " lacks a valid 'from' domain (RFC 6120 §4.7.1)");
        }
        if (saslDone && !from.equals(peerDomain)) {
            throw new StreamException(StreamErrorCondition.INVALID_FROM, "the stream authenticated as " + peerDomain
                    + " restarted with from='" + from + "' (RFC 6120 §6.4.6)");
        }
        peerDomain = from; // after TLS, what was learned in plaintext is discarded (§5.4.3.3 step 2)
        sendHeader();
        if (!tlsEstablished) {
            TlsPolicy policy = services.tlsPolicy();
            if (policy == null) {
                throw missing("TLS policy", "dev.portcullis.tls");
            }
            boolean plaintextOk = policy.startTls(peerDomain) == StartTlsRule.PLAINTEXT_PERMITTED;
            Element.Builder f = Element.builder(Namespaces.STREAMS, "features");
            Element.Builder starttls = Element.builder(Namespaces.TLS, "starttls");
            if (!plaintextOk) {
                starttls.child(Element.builder(Namespaces.TLS, "required").build());
            }
            f.child(starttls.build());
            if (plaintextOk && services.dialback() != null) {
                f.child(dialbackFeature());
            }
            state = SessionState.FEATURES;
            sendElement(f.build());
        } else if (!saslDone) {
            // RFC 7712 §4.2 / XEP-0178 step 9: features depend on the verification of the client certificate.
            state = SessionState.VERIFYING;
            verificationFor(peerDomain).thenAccept(v -> guarded(() -> inboundVerified(v)));
        } else {
            Element.Builder f = Element.builder(Namespaces.STREAMS, "features");
            if (services.dialback() != null) {
                f.child(dialbackFeature()); // more domain pairs may follow (XEP-0220 §2.6)
            }
            state = SessionState.ESTABLISHED;
            sendElement(f.build());
        }
    }

    private static Element dialbackFeature() {
        // XEP-0220 §2.5.2: dialback with error handling
        return Element.builder(Namespaces.DIALBACK_FEATURE, "dialback")
                .child(Element.builder(Namespaces.DIALBACK_FEATURE, "errors").build()).build();
    }

    /** RFC 6120 §4.3.2: the initiating entity receives the response header. */
    private void outboundHeader(StreamHeader h) throws StreamException {
        checkHeader(h);
        if (h.id() == null || h.id().isEmpty()) {
            throw new StreamException(StreamErrorCondition.INVALID_XML, "the response stream header from " + peerDomain
                    + " has no id (RFC 6120 §4.7.3)");
        }
        streamId = h.id();
        state = SessionState.FEATURES;
    }

    // ------------------------------------------------------------------ elements

    private void onElement(Element e) throws StreamException, SSLException {
        if (e.is(Namespaces.STREAMS, "error")) {
            onPeerError(e);
            return;
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
            inboundElement(e);
        } else {
            outboundElement(e);
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
        LOG.info("{} sent stream error <{}/>: {}", peerLabel(), condition.elementName(), text);
        writeXml("</stream:stream>");
        finishClose(StreamException.fromPeer(condition, text));
    }

    private void onPeerClose() {
        if (state == SessionState.CLOSING) {
            finishClose(closeError);
            return;
        }
        writeXml("</stream:stream>"); // RFC 6120 §4.4: answer the close, then close TLS and TCP
        finishClose(null);
    }

    // ------------------------------------------------------------------ inbound (receiving entity)

    private void inboundElement(Element e) throws StreamException, SSLException {
        if (e.is(Namespaces.TLS, "starttls")) {
            inboundStartTls();
            return;
        }
        boolean dialbackElement = e.namespace().equals(Namespaces.DIALBACK)
                && (e.name().equals("result") || e.name().equals("verify"));
        if (!tlsEstablished && !dialbackElement && !plaintextPermitted()) {
            // RFC 6120 §5.3.1 and §4.3.5: TLS is mandatory-to-negotiate here; nothing else before it.
            throw new StreamException(StreamErrorCondition.NOT_AUTHORIZED, peerLabel() + " sent <" + e.name()
                    + "/> before negotiating TLS, which this server requires (RFC 6120 §5.3.1, RFC 7590 §3.1)");
        }
        if (e.is(Namespaces.SASL, "auth")) {
            inboundAuth(e);
        } else if (dialbackElement && e.attribute("type") == null) {
            if (e.name().equals("result")) {
                inboundResult(e);
            } else {
                inboundVerify(e);
            }
        } else if (e.namespace().equals(Namespaces.SERVER) && isStanzaName(e.name())) {
            inboundStanza(e);
        } else {
            throw new StreamException(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, peerLabel() + " sent <" + e.name()
                    + " xmlns='" + e.namespace() + "'/>, which this server does not support here (RFC 6120 §4.9.3.24)");
        }
    }

    private static boolean isStanzaName(String name) {
        return name.equals("message") || name.equals("presence") || name.equals("iq");
    }

    /** RFC 6120 §5.4.2: the receiving entity answers STARTTLS. */
    private void inboundStartTls() throws StreamException, SSLException {
        if (tls != null || state != SessionState.FEATURES) {
            throw new StreamException(StreamErrorCondition.POLICY_VIOLATION, peerLabel() + " sent a second <starttls/>;"
                    + " TLS is negotiated once per connection and renegotiation is not supported (RFC 6120 §5.4.3.3, §5.3.1)");
        }
        if (!startTls()) {
            return;
        }
        sendPlain("<proceed xmlns='" + Namespaces.TLS + "'/>");
        tls = pendingTls;
        pendingTls = null;
        tls.begin();
    }

    private TlsLayer pendingTls;

    /**
     * Builds the engine for this stream. Inbound with STARTTLS the layer is held back until
     * {@code <proceed/>} is written in plaintext.
     */
    private boolean startTls() throws StreamException {
        TlsPolicy policy = services.tlsPolicy();
        if (policy == null) {
            throw missing("TLS policy", "dev.portcullis.tls");
        }
        tlsContext = new TlsContext(direction, localDomain, peerDomain, services.identities(), peerHost, peerPort);
        SSLEngine engine;
        try {
            engine = policy.newEngine(tlsContext);
        } catch (TlsPolicyException | RuntimeException ex) {
            String text = "no TLS engine for the stream with " + peerLabel() + ": " + ex.getMessage();
            note(SecurityNote.Kind.TLS_REFUSED, text, "RFC 6120 §5.4.2.2");
            if (direction == Direction.INBOUND && !directTls) {
                // RFC 6120 §5.4.2.2: <failure/>, then close the stream and the connection
                sendPlain("<failure xmlns='" + Namespaces.TLS + "'/></stream:stream>");
                finishClose(new StreamException(StreamErrorCondition.INTERNAL_SERVER_ERROR, text));
                return false;
            }
            throw new StreamException(StreamErrorCondition.INTERNAL_SERVER_ERROR, text);
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

    /** XEP-0178 step 9: after the client certificate is judged, send the post-TLS features. */
    private void inboundVerified(Verification v) throws StreamException, SSLException {
        if (state != SessionState.VERIFYING) {
            return;
        }
        if (v.outcome() == VerificationOutcome.REJECTED) {
            note(SecurityNote.Kind.VERIFICATION_FAILED, v.reason(), "RFC 7712 §4");
            throw new StreamException(StreamErrorCondition.POLICY_VIOLATION, "the certificate of " + peerDomain
                    + " is rejected: " + v.reason());
        }
        Element.Builder f = Element.builder(Namespaces.STREAMS, "features");
        boolean offered = false;
        if (v.verified()) {
            // XEP-0178 §3 step 9: EXTERNAL only when the certificate matches the stream's 'from'
            f.child(Element.builder(Namespaces.SASL, "mechanisms")
                    .child(Element.builder(Namespaces.SASL, "mechanism").text("EXTERNAL").build()).build());
            offered = true;
        }
        Dialback dialback = services.dialback();
        String dialbackWhy = "the dialback service (dev.portcullis.dialback) is not available";
        if (dialback != null) {
            DialbackDecision d = dialback.permits(dialbackContext(Direction.INBOUND, peerDomain, localDomain, v));
            if (d.permitted()) {
                f.child(dialbackFeature());
                offered = true;
            } else {
                dialbackWhy = d.reason() + " (" + d.specSection() + ")";
            }
        }
        if (!offered) {
            String text = "cannot authenticate " + peerDomain + ": its certificate is not verified (" + v.reason()
                    + ") and dialback is not possible: " + dialbackWhy;
            note(SecurityNote.Kind.VERIFICATION_FAILED, text, "RFC 7712 §4");
            if (dialback == null) {
                throw missing("dialback", "dev.portcullis.dialback");
            }
            throw new StreamException(StreamErrorCondition.NOT_AUTHORIZED, text);
        }
        state = SessionState.FEATURES;
        sendElement(f.build());
        while (!held.isEmpty() && state != SessionState.CLOSED && state != SessionState.STREAM_HEADER) {
            inboundElement(held.poll());
        }
        held.clear();
    }

    /** RFC 6120 §6.4, XEP-0178 §3 steps 10-11: SASL EXTERNAL from the initiating server. */
    private void inboundAuth(Element e) throws StreamException {
        if (saslDone || state != SessionState.FEATURES) {
            throw new StreamException(StreamErrorCondition.POLICY_VIOLATION, peerLabel()
                    + " sent <auth/> when SASL was not offered or already completed (RFC 6120 §6.4.1)");
        }
        String mechanism = e.attribute("mechanism");
        String failure = null;
        if (!"EXTERNAL".equals(mechanism)) {
            failure = "invalid-mechanism";
        } else if (verification == null || !verification.verified()) {
            failure = "not-authorized";
        } else {
            String response = e.text().trim();
            if (!response.isEmpty() && !response.equals("=")) {
                try {
                    String authzid = new String(Base64.getDecoder().decode(response), StandardCharsets.UTF_8);
                    if (!authzid.equalsIgnoreCase(peerDomain)) {
                        failure = "invalid-authzid"; // XEP-0178 §3: the authzid must be the verified 'from'
                    }
                } catch (IllegalArgumentException bad) {
                    failure = "incorrect-encoding";
                }
            }
        }
        if (failure != null) {
            saslFailures++;
            String text = "SASL " + mechanism + " from " + peerDomain + " failed: " + failure;
            note(SecurityNote.Kind.SASL_FAILED, text, "RFC 6120 §6.5, XEP-0178 §3");
            sendElement(Element.builder(Namespaces.SASL, "failure")
                    .child(Element.builder(Namespaces.SASL, failure).build()).build());
            if (saslFailures >= MAX_SASL_ATTEMPTS) {
                throw new StreamException(StreamErrorCondition.POLICY_VIOLATION, peerDomain + " failed SASL "
                        + saslFailures + " times (RFC 6120 §6.4.5)");
            }
            return;
        }
        sendElement(Element.builder(Namespaces.SASL, "success").build());
        saslDone = true;
        authMethod = AuthMethod.SASL_EXTERNAL;
        DomainPair pair = new DomainPair(localDomain, peerDomain);
        authenticated.add(pair);
        restart(); // RFC 6120 §6.4.6: the initiating entity opens a new stream
        host.authenticated(this, pair.local(), pair.peer(), AuthMethod.SASL_EXTERNAL);
    }

    private void restart() {
        decoder = new StreamDecoder(config.maxStanzaBytes());
        state = SessionState.STREAM_HEADER;
        headerSent = false;
        if (direction == Direction.OUTBOUND) {
            sendHeader();
        }
    }

    /** XEP-0220 §2.2.1: the receiving server judges a db:result. */
    private void inboundResult(Element e) throws StreamException {
        String from = Jids.domain(e.attribute("from"));
        String to = Jids.domain(e.attribute("to"));
        if (from == null || to == null) {
            throw new StreamException(StreamErrorCondition.IMPROPER_ADDRESSING, peerLabel()
                    + " sent a db:result without valid 'from' and 'to' (XEP-0220 §2.1.1)");
        }
        DomainPair pair = new DomainPair(to, from);
        if (!services.localDomains().contains(to)) {
            answerResult(pair, DialbackResultType.ERROR, DialbackError.ITEM_NOT_FOUND);
            return;
        }
        if (!tlsEstablished && !plaintextPermitted()) {
            answerResult(pair, DialbackResultType.ERROR, DialbackError.POLICY_VIOLATION);
            return;
        }
        if (authenticated.contains(pair)) {
            answerResult(pair, DialbackResultType.VALID, null);
            return;
        }
        if (pendingPairs.contains(pair)) {
            return; // already being judged; one answer will follow
        }
        if (authenticated.size() + pendingPairs.size() >= config.maxDomainPairs()) {
            answerResult(pair, DialbackResultType.ERROR, DialbackError.RESOURCE_CONSTRAINT);
            return;
        }
        if (services.dialback() == null) {
            throw missing("dialback", "dev.portcullis.dialback");
        }
        String key = e.text().trim();
        pendingPairs.add(pair);
        if (state == SessionState.FEATURES) {
            state = SessionState.DIALBACK;
        }
        CompletionStage<Verification> cert = tlsEstablished && !peerChain.isEmpty()
                ? verificationFor(from) : CompletableFuture.completedFuture(null);
        cert.thenAccept(v -> guarded(() -> inboundResultVerified(pair, key, v)));
    }

    private void inboundResultVerified(DomainPair pair, String key, Verification v) throws StreamException {
        Dialback dialback = services.dialback();
        if (dialback == null) {
            throw missing("dialback", "dev.portcullis.dialback");
        }
        if (v != null && v.outcome() == VerificationOutcome.REJECTED) {
            // The verifier forbids this association; dialback must not work around it.
            pendingPairs.remove(pair);
            note(SecurityNote.Kind.VERIFICATION_FAILED, v.reason(), "RFC 7712 §4");
            answerResult(pair, DialbackResultType.ERROR, DialbackError.NOT_AUTHORIZED);
            afterFailedPair(pair, v.reason());
            return;
        }
        DialbackContext ctx = dialbackContext(Direction.INBOUND, pair.peer(), pair.local(), v);
        DialbackDecision d = dialback.permits(ctx);
        if (!d.permitted()) {
            pendingPairs.remove(pair);
            note(SecurityNote.Kind.DIALBACK_INVALID, d.reason(), d.specSection());
            answerResult(pair, DialbackResultType.ERROR, DialbackError.NOT_AUTHORIZED);
            afterFailedPair(pair, d.reason());
            return;
        }
        dialback.receiveResult(ctx, key).whenComplete((o, ex) -> host.execute(() -> guarded(() -> {
            DialbackOutcome outcome = o != null ? o : new DialbackOutcome(DialbackResultType.ERROR,
                    DialbackError.INTERNAL_SERVER_ERROR, "dialback failed: " + ex, false);
            inboundResultOutcome(pair, outcome);
        })));
    }

    private void inboundResultOutcome(DomainPair pair, DialbackOutcome o) throws StreamException {
        if (state == SessionState.CLOSED || !pendingPairs.remove(pair)) {
            return;
        }
        switch (o.type()) {
            case VALID -> {
                answerResult(pair, DialbackResultType.VALID, null);
                authenticated.add(pair);
                AuthMethod m = o.shortcut() ? AuthMethod.DIALBACK_WITH_CERTIFICATE : AuthMethod.DIALBACK;
                if (authMethod == AuthMethod.NONE) {
                    authMethod = m;
                }
                if (state == SessionState.DIALBACK || state == SessionState.FEATURES) {
                    state = SessionState.ESTABLISHED;
                }
                if (!tlsEstablished) {
                    note(SecurityNote.Kind.PLAINTEXT, "stanzas from " + pair.peer() + " will arrive without TLS, "
                            + "as the TLS policy permits for this peer", "RFC 7590 §3.1");
                }
                host.authenticated(this, pair.local(), pair.peer(), m);
            }
            case INVALID -> {
                note(SecurityNote.Kind.DIALBACK_INVALID, "dialback key for " + pair + " is invalid: " + o.reason(),
                        "XEP-0220 §2.2.1");
                if (authenticated.isEmpty()) {
                    answerResult(pair, DialbackResultType.INVALID, null);
                    host.authenticationFailed(this, pair.local(), pair.peer(), o.reason());
                    // XEP-0220 §2.2.1: first attempt invalid → the stream MUST be closed
                    throw new StreamException(StreamErrorCondition.NOT_AUTHORIZED, "dialback for " + pair.peer()
                            + " failed: " + o.reason());
                }
                answerResult(pair, DialbackResultType.ERROR, DialbackError.FORBIDDEN);
                afterFailedPair(pair, o.reason());
            }
            case ERROR -> {
                note(SecurityNote.Kind.DIALBACK_INVALID, "dialback for " + pair + " failed: " + o.reason(),
                        "XEP-0220 §2.4");
                answerResult(pair, DialbackResultType.ERROR, o.error());
                afterFailedPair(pair, o.reason());
            }
            default -> throw new IllegalStateException();
        }
    }

    private void afterFailedPair(DomainPair pair, String reason) {
        host.authenticationFailed(this, pair.local(), pair.peer(), reason);
        if (state == SessionState.DIALBACK && pendingPairs.isEmpty() && authenticated.isEmpty()) {
            state = SessionState.FEATURES;
        }
    }

    private void answerResult(DomainPair pair, DialbackResultType type, DialbackError error) {
        sendElement(DialbackElements.answer("result", pair.local(), pair.peer(), null, type, error));
    }

    /** XEP-0220 §2.2.2: the authoritative server answers a db:verify. */
    private void inboundVerify(Element e) throws StreamException {
        String from = Jids.domain(e.attribute("from"));
        String to = Jids.domain(e.attribute("to"));
        String id = e.attribute("id");
        if (from == null || to == null || id == null) {
            throw new StreamException(StreamErrorCondition.IMPROPER_ADDRESSING, peerLabel()
                    + " sent a db:verify without 'from', 'to' and 'id' (XEP-0220 §2.1.2)");
        }
        Dialback dialback = services.dialback();
        if (dialback == null) {
            throw missing("dialback", "dev.portcullis.dialback");
        }
        DialbackResultType type;
        DialbackError error = null;
        if (!services.localDomains().contains(to)) {
            type = DialbackResultType.ERROR;
            error = DialbackError.ITEM_NOT_FOUND;
        } else if (!tlsEstablished && !plaintextPermitted()) {
            type = DialbackResultType.ERROR;
            error = DialbackError.POLICY_VIOLATION;
        } else {
            DialbackOutcome o = dialback.answerVerify(from, to, id, e.text().trim());
            type = o.type();
            error = o.error();
        }
        sendElement(DialbackElements.answer("verify", to, from, id, type, error));
    }

    /** RFC 6120 §4.3.5, §8.1.1.1: stanzas only for authenticated pairs. */
    private void inboundStanza(Element e) throws StreamException {
        if (authenticated.isEmpty()) {
            throw new StreamException(StreamErrorCondition.NOT_AUTHORIZED, peerLabel() + " sent a <" + e.name()
                    + "/> stanza before authenticating (RFC 6120 §4.3.5)");
        }
        String from = Jids.domain(e.attribute("from"));
        String to = Jids.domain(e.attribute("to"));
        if (from == null || to == null) {
            throw new StreamException(StreamErrorCondition.IMPROPER_ADDRESSING, peerLabel() + " sent a <" + e.name()
                    + "/> without valid 'from' and 'to' (RFC 6120 §4.9.3.7)");
        }
        if (!authenticated.contains(new DomainPair(to, from))) {
            throw new StreamException(StreamErrorCondition.INVALID_FROM, peerLabel() + " sent a stanza from " + from
                    + " to " + to + ", a domain pair not authenticated on this stream (RFC 6120 §4.9.3.9)");
        }
        host.stanza(this, e);
    }

    // ------------------------------------------------------------------ outbound (initiating entity)

    private void outboundElement(Element e) throws StreamException, SSLException {
        if (state == SessionState.FEATURES && e.is(Namespaces.STREAMS, "features")) {
            outboundFeatures(e);
        } else if (state == SessionState.STARTTLS && e.namespace().equals(Namespaces.TLS)
                && (e.name().equals("proceed") || e.name().equals("failure"))) {
            if (e.name().equals("proceed")) {
                if (startTls()) {
                    tls.begin(); // the ClientHello
                }
            } else {
                startTlsRefused("answered <starttls/> with <failure/>");
            }
        } else if (state == SessionState.SASL && e.namespace().equals(Namespaces.SASL)
                && (e.name().equals("success") || e.name().equals("failure"))) {
            outboundSaslResult(e);
        } else if (e.namespace().equals(Namespaces.DIALBACK) && e.attribute("type") != null
                && (e.name().equals("result") || e.name().equals("verify"))) {
            if (e.name().equals("result")) {
                outboundResultAnswer(e);
            } else {
                outboundVerifyAnswer(e);
            }
        } else {
            throw new StreamException(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, peerLabel() + " sent <" + e.name()
                    + " xmlns='" + e.namespace() + "'/> in state " + state + "; stanzas on an outbound stream need "
                    + "XEP-0288 bidirectional streams, which were not negotiated (RFC 6120 §4.9.3.24)");
        }
    }

    /** RFC 6120 §4.3.2: stream features, before TLS, after TLS, after SASL. */
    private void outboundFeatures(Element f) throws StreamException, SSLException {
        features = f;
        dialbackOffered = f.child(Namespaces.DIALBACK_FEATURE, "dialback") != null
                || (peerHeader != null && peerHeader.declaresDialback());
        if (!tlsEstablished && !plaintextAccepted) {
            if (services.tlsPolicy() == null) {
                throw missing("TLS policy", "dev.portcullis.tls");
            }
            if (f.child(Namespaces.TLS, "starttls") == null) {
                LOG.debug("{} did not advertise STARTTLS; attempting it anyway (RFC 7590 §3.1)", peerLabel());
            }
            // RFC 7590 §3.1: not deterred by a missing (perhaps stripped) feature
            state = SessionState.STARTTLS;
            sendElement(Element.builder(Namespaces.TLS, "starttls").build());
        } else if (saslDone) {
            state = SessionState.ESTABLISHED; // RFC 6120 §6.4.6: authenticated stream restarted
            DomainPair pair = new DomainPair(localDomain, peerDomain);
            authenticated.add(pair);
            host.authenticated(this, pair.local(), pair.peer(), AuthMethod.SASL_EXTERNAL);
            flushQueued();
        } else {
            state = SessionState.VERIFYING;
            if (tlsEstablished) {
                verificationFor(peerDomain).thenAccept(v -> guarded(() -> outboundDecide(v)));
            } else {
                outboundDecide(null);
            }
        }
    }

    private void startTlsRefused(String what) throws StreamException {
        TlsPolicy policy = services.tlsPolicy();
        if (policy == null) {
            throw missing("TLS policy", "dev.portcullis.tls");
        }
        if (policy.startTls(peerDomain) == StartTlsRule.PLAINTEXT_PERMITTED) {
            plaintextAccepted = true;
            note(SecurityNote.Kind.PLAINTEXT, peerDomain + " " + what + "; continuing WITHOUT TLS because the TLS "
                    + "policy permits plaintext for this peer", "RFC 7590 §3.1");
            state = SessionState.VERIFYING;
            outboundDecide(null);
            return;
        }
        String text = peerDomain + " " + what + "; TLS is required for this peer, so no stanzas are sent "
                + "(RFC 7590 §3.1). Ask its administrator to enable TLS, or list it as a plaintext peer in the TLS policy.";
        note(SecurityNote.Kind.TLS_REFUSED, text, "RFC 7590 §3.1");
        throw new StreamException(StreamErrorCondition.POLICY_VIOLATION, text);
    }

    /** XEP-0178 / XEP-0220: choose SASL EXTERNAL or dialback once the peer's certificate is judged. */
    private void outboundDecide(Verification v) throws StreamException {
        if (state != SessionState.VERIFYING) {
            return;
        }
        if (v != null && v.outcome() == VerificationOutcome.REJECTED) {
            note(SecurityNote.Kind.VERIFICATION_FAILED, v.reason(), "RFC 7712 §4");
            throw new StreamException(StreamErrorCondition.POLICY_VIOLATION, "the certificate of " + peerDomain
                    + " is rejected: " + v.reason());
        }
        Element mechanisms = features.child(Namespaces.SASL, "mechanisms");
        boolean external = mechanisms != null && mechanisms.children().stream()
                .anyMatch(m -> m.is(Namespaces.SASL, "mechanism") && m.text().trim().equals("EXTERNAL"));
        if (tlsEstablished && v != null && v.verified() && external) {
            state = SessionState.SASL;
            // XEP-0178 §3 step 10: the authzid (our domain) is included for backward compatibility
            sendElement(Element.builder(Namespaces.SASL, "auth").attribute("mechanism", "EXTERNAL")
                    .text(Base64.getEncoder().encodeToString(localDomain.getBytes(StandardCharsets.UTF_8))).build());
            return;
        }
        flushVerifies();
        dialbackOut(new DomainPair(localDomain, peerDomain), true);
    }

    private void outboundSaslResult(Element e) throws StreamException {
        if (e.name().equals("success")) {
            saslDone = true;
            authMethod = AuthMethod.SASL_EXTERNAL;
            restart();
            return;
        }
        String condition = e.children().isEmpty() ? "failure" : e.children().get(0).name();
        note(SecurityNote.Kind.SASL_FAILED, peerDomain + " refused SASL EXTERNAL for " + localDomain + ": <"
                + condition + "/>; check that our certificate names " + localDomain, "XEP-0178 §3");
        state = SessionState.VERIFYING;
        flushVerifies();
        dialbackOut(new DomainPair(localDomain, peerDomain), true); // XEP-0178 step 11b: dialback may follow
    }

    /** XEP-0220 §2.1.1: originating server sends db:result for one pair. */
    private void dialbackOut(DomainPair pair, boolean first) throws StreamException {
        Dialback dialback = services.dialback();
        String problem = null;
        if (dialback == null) {
            if (first) {
                throw missing("dialback", "dev.portcullis.dialback");
            }
            problem = "the dialback service (dev.portcullis.dialback) is not available";
        } else if (!dialbackOffered) {
            problem = peerDomain + " offers neither SASL EXTERNAL for " + pair.local() + " nor Server Dialback";
        } else {
            DialbackDecision d = dialback.permits(dialbackContext(Direction.OUTBOUND, pair.local(), pair.peer(),
                    pair.peer().equals(peerDomain) ? verification : null));
            if (!d.permitted()) {
                problem = "cannot authenticate " + pair.local() + " to " + pair.peer() + ": SASL EXTERNAL is not "
                        + "possible and dialback is not permitted: " + d.reason() + " (" + d.specSection() + ")";
            }
        }
        if (problem != null) {
            note(SecurityNote.Kind.VERIFICATION_FAILED, problem, "XEP-0220 §2.1.1");
            if (first) {
                throw new StreamException(StreamErrorCondition.POLICY_VIOLATION, problem);
            }
            host.authenticationFailed(this, pair.local(), pair.peer(), problem);
            return;
        }
        String key = dialback.key(pair.peer(), pair.local(), streamId);
        pendingPairs.add(pair);
        if (first) {
            state = SessionState.DIALBACK;
        }
        sendElement(DialbackElements.request("result", pair.local(), pair.peer(), null, key));
    }

    /** XEP-0220 §2.1.1 step 4: the receiving server's verdict on our db:result. */
    private void outboundResultAnswer(Element e) throws StreamException {
        String from = Jids.domain(e.attribute("from"));
        String to = Jids.domain(e.attribute("to"));
        DomainPair pair = from == null || to == null ? null : new DomainPair(to, from);
        if (pair == null || !pendingPairs.remove(pair)) {
            LOG.warn("{} sent an unsolicited db:result answer {}; ignored (XEP-0220 §4.1)", peerLabel(), e.toXml());
            return;
        }
        DialbackResultType type = DialbackElements.type(e);
        if (type == DialbackResultType.VALID) {
            authenticated.add(pair);
            if (authMethod == AuthMethod.NONE) {
                authMethod = AuthMethod.DIALBACK;
            }
            boolean first = state == SessionState.DIALBACK;
            if (first) {
                state = SessionState.ESTABLISHED;
            }
            if (!tlsEstablished) {
                note(SecurityNote.Kind.PLAINTEXT, "stanzas to " + pair.peer() + " will be sent WITHOUT TLS, as the "
                        + "TLS policy permits for this peer", "RFC 7590 §3.1");
            }
            host.authenticated(this, pair.local(), pair.peer(), AuthMethod.DIALBACK);
            if (first) {
                flushQueued();
            }
            return;
        }
        String reason = pair.peer() + " answered our dialback for " + pair.local() + " with type='" + type.xmlValue()
                + "'" + (type == DialbackResultType.ERROR ? " <" + DialbackElements.error(e).condition() + "/>" : "");
        note(SecurityNote.Kind.DIALBACK_INVALID, reason, "XEP-0220 §2.1.1");
        host.authenticationFailed(this, pair.local(), pair.peer(), reason);
        if (state == SessionState.DIALBACK && pendingPairs.isEmpty() && authenticated.isEmpty()) {
            close(null); // nothing left to do on this stream
        }
    }

    private void outboundVerifyAnswer(Element e) {
        String key = verifyKey(e.attribute("from"), e.attribute("to"), e.attribute("id"));
        CompletableFuture<VerifyAnswer> f = awaitedVerifies.remove(key);
        if (f == null) {
            LOG.warn("{} sent an unsolicited db:verify answer {}; ignored", peerLabel(), e.toXml());
            return;
        }
        DialbackResultType type = DialbackElements.type(e);
        f.complete(new VerifyAnswer(type, type == DialbackResultType.ERROR ? DialbackElements.error(e) : null,
                "authoritative server " + peerDomain + " answered type='" + type.xmlValue() + "'"));
    }

    private static String verifyKey(String from, String to, String id) {
        return Jids.domain(from) + "|" + Jids.domain(to) + "|" + id;
    }

    /** Sends db:verify queries once TLS is up or plaintext accepted, and not in the middle of SASL. */
    private void flushVerifies() {
        boolean ready = direction == Direction.OUTBOUND && (tlsEstablished || plaintextAccepted)
                && (state == SessionState.VERIFYING || state == SessionState.DIALBACK || state == SessionState.ESTABLISHED);
        if (!ready) {
            return;
        }
        for (PendingVerify p : List.copyOf(unsentVerifies)) {
            VerifyQuery q = p.query();
            awaitedVerifies.put(verifyKey(q.authoritativeDomain(), q.receivingDomain(), q.streamId()), p.answer());
            sendElement(DialbackElements.request("verify", q.receivingDomain(), q.authoritativeDomain(), q.streamId(), q.key()));
        }
        unsentVerifies.clear();
    }

    private void flushQueued() throws StreamException {
        flushVerifies();
        while (!queuedPairs.isEmpty() && state == SessionState.ESTABLISHED) {
            dialbackOut(queuedPairs.poll(), false);
        }
    }

    // ------------------------------------------------------------------ TLS

    /** RFC 6120 §5.4.3.3 / XEP-0368 §3: the handshake is done; the policy reviews it. */
    private void onHandshakeFinished() throws StreamException {
        TlsPolicy policy = services.tlsPolicy();
        if (policy == null) {
            throw missing("TLS policy", "dev.portcullis.tls");
        }
        SSLSession session = tls.engine().getSession();
        peerChain = chainOf(session);
        verdict = policy.review(session, tlsContext);
        if (!verdict.accepted()) {
            String text = "TLS with " + peerLabel() + " (" + verdict.protocol() + ", " + verdict.cipherSuite()
                    + ") breaks the policy '" + verdict.profile() + "': " + verdict.violations().stream()
                    .map(PolicyViolation::toString).collect(Collectors.joining("; "));
            note(SecurityNote.Kind.POLICY_VIOLATION, text, verdict.violations().get(0).specSection());
            throw new StreamException(StreamErrorCondition.POLICY_VIOLATION, text);
        }
        tlsEstablished = true;
        state = SessionState.STREAM_HEADER;
        if (direction == Direction.OUTBOUND) {
            // §5.4.3.3 step 1: what came before TLS is discarded; a new stream starts
            features = null;
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
        String text = "TLS with " + peerLabel() + " failed: " + e.getMessage()
                + ". Check the TLS policy's protocols and suites and the certificates on both sides.";
        note(SecurityNote.Kind.TLS_REFUSED, text, "RFC 6120 §5.4.3.2");
        // RFC 6120 §5.4.3.2: a TLS failure ends the TCP connection without a stream error
        state = SessionState.CLOSED;
        failPending();
        host.closed(this, new StreamException(StreamErrorCondition.UNDEFINED_CONDITION, text));
    }

    // ------------------------------------------------------------------ verification

    /** The verifier's judgement of the peer's certificate for {@code domain}; results return via execute. */
    private CompletionStage<Verification> verificationFor(String domain) {
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
                direction == Direction.OUTBOUND ? endpoint : null, null);
        verifier.verify(request).whenComplete((v, ex) -> host.execute(() -> {
            Verification done = v != null ? v : new Verification(domain, VerificationOutcome.UNVERIFIED, null,
                    List.of(), null, null, "the domain verifier failed for " + domain + ": " + ex);
            if (domain.equals(peerDomain)) {
                verification = done;
                if (done.certificateChange() != null && done.certificateChange().warning()) {
                    note(SecurityNote.Kind.CERTIFICATE_CHANGED, "the certificate of " + domain + " changed (was "
                            + done.certificateChange().previousFingerprint() + ", now "
                            + done.certificateChange().currentFingerprint() + ")", "RFC 7590 §3.6");
                }
            }
            result.complete(done);
        }));
        return result;
    }

    private DialbackContext dialbackContext(Direction dir, String originating, String receiving, Verification v) {
        return new DialbackContext(dir, streamId, originating, receiving, tlsEstablished, plaintextPermitted(),
                v, peerChain);
    }

    private boolean plaintextPermitted() {
        if (plaintextAccepted) {
            return true;
        }
        TlsPolicy policy = services.tlsPolicy();
        return policy != null && peerDomain != null && policy.startTls(peerDomain) == StartTlsRule.PLAINTEXT_PERMITTED;
    }

    // ------------------------------------------------------------------ output and closing

    private void sendElement(Element e) {
        writeXml(e.toXml(Namespaces.SERVER, PREFIXES));
    }

    /** Plaintext before TLS layer is installed (proceed, TLS failure). */
    private void sendPlain(String xml) {
        host.write(ByteBuffer.wrap(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private void writeXml(String xml) {
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
            LOG.debug("cannot write to {}: {}", peerLabel(), e.toString());
        }
    }

    /** Sends a stream error and closes at once (RFC 6120 §4.9.1.1). */
    private void fail(StreamException e) {
        if (state == SessionState.CLOSED) {
            return;
        }
        LOG.info("closing the stream with {}: <{}/> {}", peerLabel(), e.condition().elementName(), e.text());
        if (!headerSent && direction == Direction.INBOUND && (tls == null || tls.handshakeDone())) {
            if (streamId == null) {
                streamId = config.streamIds().get();
            }
            sendHeader(); // §4.9.1.1: an error before our header still comes inside a stream
        }
        writeXml(e.toElement().toXml(Namespaces.SERVER, PREFIXES) + "</stream:stream>");
        finishClose(e);
    }

    private void finishClose(StreamException error) {
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
                host.authenticationFailed(this, p.local(), p.peer(), why);
            }
            for (DomainPair p : queuedPairs) {
                host.authenticationFailed(this, p.local(), p.peer(), why);
            }
        }
        pendingPairs.clear();
        queuedPairs.clear();
    }

    private StreamException missing(String service, String bundle) {
        String text = "the " + service + " service (bundle " + bundle + ") is not available right now, so the stream"
                + " with " + peerLabel() + " cannot be secured; it is probably being updated: retry shortly"
                + " (RFC 6120 §4.9.3.16)";
        note(SecurityNote.Kind.SERVICE_MISSING, text, "RFC 6120 §4.9.3.16");
        return new StreamException(StreamErrorCondition.RESET, text);
    }

    private void note(SecurityNote.Kind kind, String message, String section) {
        host.security(this, new SecurityNote(kind, streamId, peerDomain, message, section));
    }

    private String peerLabel() {
        String p = peerDomain != null ? peerDomain : "an unidentified peer";
        return peerHost != null && !peerHost.equals(peerDomain) ? p + " (" + peerHost + (peerPort > 0 ? ":" + peerPort : "") + ")" : p;
    }

    /** Runs a continuation from an asynchronous completion, turning errors into a stream close. */
    private void guarded(Step step) {
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

    /** A bug here or in a security service must not leave the stream half-open. */
    private void internalError(RuntimeException e) {
        LOG.error("internal error on the stream with {}", peerLabel(), e);
        fail(new StreamException(StreamErrorCondition.INTERNAL_SERVER_ERROR, "internal error on the stream with "
                + peerLabel() + ": " + e + "; see the server log"));
    }

    @FunctionalInterface
    private interface Step {
        void run() throws StreamException, SSLException;
    }

    private record PendingVerify(VerifyQuery query, CompletableFuture<VerifyAnswer> answer) {
    }
}
