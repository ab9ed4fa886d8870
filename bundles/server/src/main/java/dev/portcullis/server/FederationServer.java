package dev.portcullis.server;

import dev.portcullis.api.Direction;
import dev.portcullis.api.PeerText;
import dev.portcullis.api.dialback.DialbackError;
import dev.portcullis.api.dialback.DialbackResultType;
import dev.portcullis.api.dialback.VerifyAnswer;
import dev.portcullis.api.dialback.VerifyQuery;
import dev.portcullis.api.stream.AuthMethod;
import dev.portcullis.api.stream.StreamSecurity;
import dev.portcullis.stream.Element;
import dev.portcullis.stream.S2sSession;
import dev.portcullis.stream.SecurityNote;
import dev.portcullis.stream.SessionConfig;
import dev.portcullis.stream.StreamErrorCondition;
import dev.portcullis.stream.StreamException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import dev.portcullis.api.dna.Verification;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The s2s server: listeners, connections, routing between local and remote domains, local answers
 * (XEP-0199 pings) and the dialback verify channel. Connections live on the {@link ReactorGroup}'s threads;
 * what they share (routing, listeners, pings) is touched on the home reactor's thread only. Public entry
 * points and connection events hop onto it; what it asks of a connection hops onto that connection's thread.
 */
final class FederationServer implements ConnectionEvents, FederationPing {
    private static final Logger LOG = LoggerFactory.getLogger(FederationServer.class);
    static final Duration PING_TIMEOUT = Duration.ofSeconds(30);

    private final ReactorGroup group;
    /** The home reactor: listeners, routing, outbound connects, pings. */
    private final Reactor reactor;
    private final java.util.concurrent.Executor workers;
    private final BoundServices services;
    private final Events events;
    private final OutboundConnector connector;
    /** Open streams on every reactor; added on the home thread, removed on the connection's own. */
    private final Set<Connection> connections = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<DomainPair, Outbound> outbound = new HashMap<>();
    private final PendingPings pings = new PendingPings(PING_TIMEOUT);
    private final List<Listener> listeners = new ArrayList<>();
    /** Every WARN line a peer can trigger goes through here (issue 11 item 6). */
    private final PeerLogLimiter peerLines;
    private volatile ServerSettings settings;
    private volatile Timeouts timeouts;
    private final OutputBudget output;

    /**
     * @param workers runs TLS delegated tasks and verification off the I/O threads; bounded, it refuses work
     *                when full ({@link HandshakeWorkers})
     */
    FederationServer(ServerSettings settings, BoundServices services, Events events, Clock clock,
                     java.util.concurrent.Executor workers) throws IOException {
        this.settings = settings;
        this.timeouts = Timeouts.of(settings);
        this.services = services;
        this.events = events;
        this.workers = workers;
        this.group = new ReactorGroup(settings.ioThreads(), clock, this::tick, () -> timeouts);
        this.reactor = group.home();
        this.connector = new OutboundConnector(reactor, services);
        this.peerLines = PeerLogLimiter.defaults(clock, (n, address, kind, window) -> LOG.warn(
                "{} similar lines from {} suppressed in the last {} ({}); a peer repeating itself this often is "
                        + "broken or hostile", n, address, window.toSeconds() == 60 ? "minute" : window.toSeconds() + " s",
                kind));
        this.output = new OutputBudget(settings.outputLimits(), () -> reactor.submit(this::shedLargestBacklog));
    }

    private void shedLargestBacklog() {
        BacklogShedding.shed(connections, output, settings.outputLimits().total());
    }

    /** The peer's IP address without the port: the key of the log rate limit. */
    private static String addressOf(Connection c) {
        String a = c.peerAddress();
        int colon = a == null ? -1 : a.lastIndexOf(':');
        return colon > 0 ? a.substring(0, colon) : a;
    }

    /** Starts the I/O thread and binds the listeners; returns what is listening, for the startup banner. */
    List<String> start() {
        group.start();
        return reactor.call(() -> {
            openListeners(settings);
            return listening();
        }, 10_000);
    }

    void stop() {
        group.stop();
    }

    /** Applies a new configuration: limits at once, listeners rebound when their address changed. */
    List<String> reconfigure(ServerSettings next) {
        return reactor.call(() -> {
            ServerSettings prev = settings;
            settings = next;
            timeouts = Timeouts.of(next);
            output.limits(next.outputLimits());
            if (!prev.listen().equals(next.listen())
                    || !java.util.Objects.equals(prev.directTlsListen(), next.directTlsListen())) {
                listeners.forEach(Listener::close);
                listeners.clear();
                reactor.flushCancelledKeys(); // a closed channel keeps its port until the selector lets go
                openListeners(next);
            }
            return listening();
        }, 10_000);
    }

    ServerSettings settings() {
        return settings;
    }

    List<String> listening() {
        return reactor.call(() -> listeners.stream().map(Listener::describe).toList(), 5_000);
    }

    /** Bound socket addresses (tests use port 0). */
    List<InetSocketAddress> boundAddresses() {
        return reactor.call(() -> listeners.stream().map(Listener::boundAddress).toList(), 5_000);
    }

    private void openListeners(ServerSettings s) {
        open(s.listen(), false);
        if (s.directTlsListen() != null) {
            open(s.directTlsListen(), true);
        }
    }

    private void open(HostPort address, boolean directTls) {
        try {
            listeners.add(Listener.open(reactor, address, directTls, ch -> accepted(ch, directTls)));
        } catch (IOException e) {
            LOG.error("Cannot listen for s2s connections on {}{}: {}. Peers cannot connect to us until this is "
                    + "fixed: stop whatever uses the port, or change '{}' in etc/dev.portcullis.server.cfg",
                    address, directTls ? " (direct TLS)" : "", e.getMessage(), directTls ? "directtls.listen" : "listen");
        }
    }

    SessionConfig sessionConfig() {
        return new SessionConfig(settings.maxStanzaSize(), 64, reactor.clock(), SessionConfig.randomStreamIds(),
                settings.negotiationMaxElements());
    }

    private void accepted(SocketChannel ch, boolean directTls) {
        InetSocketAddress remote;
        try {
            ch.configureBlocking(false);
            ch.socket().setTcpNoDelay(true);
            remote = (InetSocketAddress) ch.getRemoteAddress();
        } catch (IOException e) {
            closeQuietly(ch);
            return;
        }
        String host = remote.getAddress().getHostAddress();
        Connection c = new Connection(group.assign(), ch, this, output, workers, Direction.INBOUND,
                host + ":" + remote.getPort());
        connections.add(c);
        c.onOwner(() -> {
            try {
                c.attach(S2sSession.inbound(c, services, sessionConfig(), directTls, host, remote.getPort()));
            } catch (IOException | RuntimeException e) {
                LOG.error("Cannot start an inbound s2s stream from {}: {}", c.peerAddress(), e.toString());
                connections.remove(c);
                c.abort();
            }
        });
    }

    // ---- routing

    /** Routes a stanza from a local domain or answers it locally. I/O thread only. */
    void route(Element stanza) {
        String to = Domains.domainOf(stanza.attribute("to"));
        String from = Domains.domainOf(stanza.attribute("from"));
        Set<String> local = services.localDomains();
        if (to == null || from == null) {
            LOG.debug("Dropping a stanza without from or to: {}", stanza);
            return;
        }
        if (local.contains(to)) {
            localStanza(stanza);
            return;
        }
        if (!local.contains(from)) {
            // RFC 6120 §13.? we are not an open relay: only our own domains send through us
            LOG.warn("Not relaying a stanza from {} to {}: neither is a local domain", PeerText.of(from), PeerText.of(to));
            return;
        }
        DomainPair pair = new DomainPair(from, to);
        Outbound o = outbound.get(pair);
        if (o != null && o.authenticated && o.connection.isOpen()) {
            Outbound up = o;
            send(o.connection, stanza, refused -> {
                // the stream is up but no longer carries this pair (e.g. closing): a fresh stream takes over
                if (outbound.get(pair) == up) {
                    outbound.remove(pair);
                }
                route(refused);
            });
            return;
        }
        if (o == null || o.failed || (o.connection != null && !o.connection.isOpen())) {
            o = new Outbound(pair, settings.outboundQueueLimit());
            outbound.put(pair, o);
            o.queue.offer(stanza);
            openOutbound(o);
            return;
        }
        if (!o.queue.offer(stanza)) {
            LOG.warn("Outbound queue for {} is full ({} stanzas) while its stream is being negotiated; bouncing",
                    PeerText.of(pair), settings.outboundQueueLimit());
            bounce(stanza, "resource-constraint", "too many stanzas waiting for the stream to " + to);
        }
    }

    private void openOutbound(Outbound o) {
        LOG.info("Opening an s2s stream {} (stanzas wait until it is authenticated, RFC 6120 §4.3.3)", o.pair);
        connector.open(o.pair, settings.routes().get(o.pair.peer()), new OutboundConnector.Result() {
            @Override
            public void connected(SocketChannel ch, dev.portcullis.api.dna.Endpoint endpoint) {
                outboundConnected(o, ch, endpoint);
            }

            @Override
            public void failed(String reason) {
                fail(o, reason);
            }
        });
    }

    /** Sends on {@code c}'s thread, in order; a stanza the stream refuses comes back here, to {@code refused}. */
    private void send(Connection c, Element stanza, java.util.function.Consumer<Element> refused) {
        c.onOwner(() -> {
            if (c.session() == null || !c.session().sendStanza(stanza)) {
                reactor.submit(() -> refused.accept(stanza));
            }
        });
    }

    /**
     * Connection events arrive on the connection's thread; what they do to shared state happens here, on the
     * home thread. Each connection has a bounded number of such events in flight, so a peer flooding us cannot
     * fill the home queue: beyond it the connection stops reading until home caught up (RFC 6120 §13.12).
     */
    private void home(Connection c, Runnable task) {
        c.homeTaskQueued();
        reactor.submit(() -> {
            try {
                task.run();
            } finally {
                c.homeTaskDone();
            }
        });
    }

    private void outboundConnected(Outbound o, SocketChannel ch, dev.portcullis.api.dna.Endpoint endpoint) {
        String where = endpoint.host() + ":" + endpoint.port();
        try {
            ch.socket().setTcpNoDelay(true);
            InetSocketAddress a = (InetSocketAddress) ch.getRemoteAddress();
            where = a.getAddress().getHostAddress() + ":" + a.getPort();
        } catch (IOException e) {
            LOG.debug("socket option", e);
        }
        ReactorConnections lane = group.assign();
        if (lane.reactor() != reactor) {
            reactor.release(ch); // its connect was selected here; from now on its own thread selects it
        }
        Connection c = new Connection(lane, ch, this, output, workers, Direction.OUTBOUND, where);
        o.connection = c;
        connections.add(c);
        String at = where;
        c.onOwner(() -> {
            try {
                c.attach(S2sSession.outbound(c, services, sessionConfig(), o.pair.local(), o.pair.peer(),
                        endpoint, endpoint.directTls()));
                LOG.info("Connected to {} at {} for {} ({}; endpoint {})", o.pair.peer(), at, o.pair,
                        endpoint.directTls() ? "direct TLS, XEP-0368" : "STARTTLS, RFC 6120 §5", endpoint);
            } catch (IOException | RuntimeException e) {
                LOG.error("Cannot start the outbound s2s stream {}: {}", o.pair, e.toString());
                connections.remove(c);
                c.abort();
                reactor.submit(() -> fail(o, "the stream could not be started: " + e));
            }
        });
        for (PendingVerify v : o.verifies) {
            forwardVerify(c, v); // queued on its thread after the start
        }
        o.verifies.clear();
    }

    private void fail(Outbound o, String reason) {
        fail(o, reason, DialbackError.REMOTE_SERVER_NOT_FOUND); // the peer could not be reached or secured
    }

    /** {@code bounce}: the stanza error for the queued stanzas, from the dialback outcome (XEP-0220 §2.1.1). */
    private void fail(Outbound o, String reason, DialbackError bounce) {
        if (o.failed) {
            return;
        }
        o.failed = true;
        if (outbound.get(o.pair) == o) {
            outbound.remove(o.pair);
        }
        List<Element> queued = o.queue.drain();
        LOG.warn("Could not federate {}: {}{} {} queued stanza(s) bounced with <{}/>",
                PeerText.of(o.pair), PeerText.message(reason), reason.endsWith(".") ? "" : ".", queued.size(),
                bounce.condition());
        for (Element s : queued) {
            bounce(s, bounce.errorType(), bounce.condition(), "cannot reach " + o.pair.peer() + ": " + reason);
        }
        for (PendingVerify v : o.verifies) {
            v.result.complete(new VerifyAnswer(DialbackResultType.ERROR, DialbackError.REMOTE_CONNECTION_FAILED,
                    "cannot reach the authoritative server of " + o.pair.peer() + ": " + reason));
        }
        o.verifies.clear();
    }

    private void bounce(Element stanza, String condition, String text) {
        bounce(stanza, "cancel", condition, text);
    }

    private void bounce(Element stanza, String errorType, String condition, String text) {
        Element err = Stanzas.error(stanza, errorType, condition, text);
        if (err != null) {
            localStanza(err);
        }
    }

    /** A stanza addressed to one of our domains. This reference host has no users: it answers pings only. */
    private void localStanza(Element s) {
        if (Stanzas.isPing(s)) {
            // XEP-0199 §4.3 (server-to-server ping): the server itself answers
            route(Stanzas.result(s));
            return;
        }
        if (Stanzas.isIq(s)) {
            String type = s.attribute("type");
            if (pings.answer(s)) {
                return;
            }
            if ("get".equals(type) || "set".equals(type)) {
                Element err = Stanzas.error(s, "cancel", "service-unavailable", null);
                if (err != null) {
                    route(err);
                }
            }
            return;
        }
        LOG.debug("Dropping a {} for {}: this host has no users", s.name(), PeerText.of(s.attribute("to")));
    }

    // ---- XEP-0199 ping across federation (portcullis:ping)

    @Override
    public CompletionStage<PingOutcome> ping(String from, String to) {
        CompletableFuture<PingOutcome> f = new CompletableFuture<>();
        reactor.submit(() -> {
            String fromDomain = Domains.domainOf(from);
            if (!services.localDomains().contains(fromDomain)) {
                f.complete(new PingOutcome(false, null, fromDomain + " is not a local domain; local domains: "
                        + services.localDomains()));
                return;
            }
            String id = pings.add(Domains.domainOf(to), reactor.now(), f);
            route(Stanzas.ping(from, to, id));
        });
        return f;
    }

    // ---- dialback verify channel (OutboundStreams)

    CompletionStage<VerifyAnswer> verify(VerifyQuery q) {
        CompletableFuture<VerifyAnswer> f = new CompletableFuture<>();
        reactor.submit(() -> {
            if (!services.localDomains().contains(q.receivingDomain())) {
                f.complete(new VerifyAnswer(DialbackResultType.ERROR, DialbackError.ITEM_NOT_FOUND,
                        q.receivingDomain() + " is not a local domain"));
                return;
            }
            DomainPair pair = new DomainPair(q.receivingDomain(), q.authoritativeDomain());
            PendingVerify v = new PendingVerify(q, f);
            Outbound o = outbound.get(pair);
            if (o != null && !o.failed && o.connection != null && o.connection.isOpen()) {
                forwardVerify(o.connection, v);
            } else if (o != null && !o.failed && o.connection == null) {
                o.verifies.add(v);
            } else {
                o = new Outbound(pair, settings.outboundQueueLimit());
                outbound.put(pair, o);
                o.verifies.add(v);
                openOutbound(o);
            }
        });
        return f;
    }

    /**
     * XEP-0344 §2.6: the certificate the authoritative server presented on our open outbound stream for this
     * domain pair (TLS server role, reached through the PeerLocator or a static route), if there is one.
     * No stream is opened just for this: without one, dialback takes the db:verify round trip.
     */
    CompletionStage<Optional<X509Certificate>> authoritativeCertificate(String receivingDomain,
                                                                        String authoritativeDomain) {
        CompletableFuture<Optional<X509Certificate>> f = new CompletableFuture<>();
        reactor.submit(() -> {
            Outbound o = outbound.get(new DomainPair(receivingDomain, authoritativeDomain));
            if (o == null || o.failed || o.connection == null) {
                f.complete(Optional.empty());
                return;
            }
            Connection c = o.connection;
            c.onOwner(() -> {
                // only once the stream's peer is judged: a certificate still being verified (a DANE veto may yet
                // close the stream) must not stand in for the authoritative server's answer (RFC 7712 §4)
                boolean usable = c.isOpen() && c.session() != null && c.session().peerJudged()
                        && !c.session().peerChain().isEmpty();
                f.complete(usable ? Optional.of(c.session().peerChain().get(0)) : Optional.empty());
            });
        });
        return f;
    }

    private void forwardVerify(Connection c, PendingVerify v) {
        c.onOwner(() -> {
            if (c.session() == null) {
                v.result.complete(new VerifyAnswer(DialbackResultType.ERROR, DialbackError.REMOTE_CONNECTION_FAILED,
                        "the stream to " + v.query.authoritativeDomain() + " could not be started"));
                return;
            }
            c.session().verify(v.query).whenComplete((answer, ex) -> v.result.complete(answer != null ? answer
                    : new VerifyAnswer(DialbackResultType.ERROR, DialbackError.INTERNAL_SERVER_ERROR,
                            "db:verify to " + v.query.authoritativeDomain() + " failed: " + ex)));
        });
    }

    // ---- monitor

    List<StreamSecurity> streams() {
        return new ConnectionQueries(group).streams();
    }

    Optional<StreamSecurity> stream(String id) {
        return streams().stream().filter(s -> s.streamId().equals(id)).findFirst();
    }

    List<X509Certificate> peerChain(String id) {
        return new ConnectionQueries(group).peerChain(id);
    }

    /** The verifier's evidence for one stream's peer (RFC 7712 §7), read on the connection's thread like the chain. */
    Optional<Verification> verification(String id) {
        return new ConnectionQueries(group).verification(id);
    }

    static StreamSecurity security(Connection c) {
        if (!c.isOpen() || c.session() == null) {
            return null;
        }
        try {
            return c.session().streamId() == null ? null : c.session().security();
        } catch (RuntimeException e) {
            return null;
        }
    }

    int connectionCount() {
        return connections.size();
    }

    /** The I/O threads, for tests: how many, and which one each open connection is on. */
    ReactorGroup reactors() {
        return group;
    }

    // ---- ConnectionEvents

    @Override
    public void authenticated(Connection c, String localDomain, String peerDomain, AuthMethod method) {
        StreamSecurity s = security(c); // on c's thread: its session is read there only
        LOG.info("Authenticated {} {} {} on stream {} by {} ({}{})", PeerText.of(localDomain),
                c.direction() == Direction.INBOUND ? "<-" : "->", PeerText.of(peerDomain),
                PeerText.of(s == null ? "?" : s.streamId()), method,
                s != null && s.encrypted() ? s.tlsProtocol() + ", " + s.cipherSuite() : "NOT ENCRYPTED",
                s != null && s.provenBy() != null ? ", certificate proven by " + s.provenBy() : "");
        events.authenticated(peerDomain, c.direction(), method, s == null ? null : s.streamId());
        if (c.direction() == Direction.OUTBOUND) {
            home(c, () -> outboundAuthenticated(c, localDomain, peerDomain));
        }
    }

    private void outboundAuthenticated(Connection c, String localDomain, String peerDomain) {
        DomainPair pair = new DomainPair(localDomain, peerDomain);
        Outbound o = outbound.get(pair);
        if (o == null || o.failed || o.connection != c) {
            o = new Outbound(pair, settings.outboundQueueLimit());
            o.connection = c;
            outbound.put(pair, o);
        }
        o.authenticated = true;
        for (Element stanza : o.queue.drain()) {
            send(c, stanza, refused -> bounce(refused, "remote-server-not-found",
                    "the stream to " + peerDomain + " refused it"));
        }
    }

    @Override
    public void authenticationFailed(Connection c, String localDomain, String peerDomain, String reason,
                                     DialbackError condition) {
        home(c, () -> onAuthenticationFailed(c, localDomain, peerDomain, reason, condition));
    }

    private void onAuthenticationFailed(Connection c, String localDomain, String peerDomain, String reason,
                                        DialbackError condition) {
        DomainPair pair = new DomainPair(localDomain, peerDomain);
        Outbound o = outbound.get(pair);
        if (o != null && o.connection == c) {
            fail(o, reason, condition);
        } else if (c.direction() == Direction.INBOUND) {
            // the stream's security note already said why, in one rate-limited line (issue 11 item 6)
            LOG.debug("Authentication of {} failed: {}", PeerText.of(pair), PeerText.message(reason));
        } else if (peerLines.admit(addressOf(c), "authentication failed")) {
            LOG.warn("Authentication of {} failed: {}", PeerText.of(pair), PeerText.message(reason));
        }
    }

    @Override
    public void stanza(Connection c, Element stanza) {
        home(c, () -> onStanza(c, stanza));
    }

    private void onStanza(Connection c, Element stanza) {
        String to = Domains.domainOf(stanza.attribute("to"));
        if (to != null && services.localDomains().contains(to)) {
            localStanza(stanza);
        } else if (peerLines.admit(addressOf(c), "stanza for a domain we do not serve")) {
            LOG.warn("{} sent a stanza for {}, which we do not serve; dropped (we relay for nobody)", PeerText.of(c),
                    PeerText.of(to));
        }
    }

    @Override
    public void closed(Connection c, StreamException error) {
        connections.remove(c); // its socket may linger for its closing words; its reactor's timer closes it
        String id = c.session() == null ? null : safeId(c);
        boolean noted = c.noted(error);
        boolean quiet = c.isQuietClose();
        home(c, () -> onClosed(c, error, id, noted, quiet));
    }

    private void onClosed(Connection c, StreamException error, String id, boolean noted, boolean quiet) {
        if (quiet) {
            LOG.debug("Closed {} (stream {}): negotiation timeout", PeerText.of(c), PeerText.of(id));
        } else if (error == null) {
            LOG.info("Closed {} (stream {})", PeerText.of(c), PeerText.of(id));
        } else if (noted || !peerLines.admit(addressOf(c), "stream closed with <" + error.condition().elementName() + "/>")) {
            // one line per event: the security note just said it, or the peer has said it too often
            LOG.debug("Closed {} (stream {}) with <{}/>: {}", PeerText.of(c), PeerText.of(id),
                    error.condition().elementName(), PeerText.message(error.text()));
        } else if (error.receivedFromPeer()) {
            LOG.warn("{} closed stream {} with <{}/>: {}", PeerText.of(c), PeerText.of(id),
                    error.condition().elementName(), PeerText.message(error.text()));
        } else {
            LOG.warn("Closed {} (stream {}) with <{}/> ({}): {}", PeerText.of(c), PeerText.of(id),
                    error.condition().elementName(), error.condition().specSection(), PeerText.message(error.text()));
        }
        if (c.direction() == Direction.OUTBOUND) {
            for (Iterator<Outbound> it = new ArrayList<>(outbound.values()).iterator(); it.hasNext(); ) {
                Outbound o = it.next();
                if (o.connection == c) {
                    if (o.authenticated && o.queue.size() == 0) {
                        outbound.remove(o.pair);
                    } else {
                        fail(o, error == null ? "the stream closed before it was authenticated"
                                : "<" + error.condition().elementName() + "/> " + error.text());
                    }
                }
            }
        }
    }

    private static String safeId(Connection c) {
        try {
            return c.session().streamId();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void security(Connection c, SecurityNote note) {
        c.note(note.message());
        events.note(note, c.peerAddress());
        home(c, () -> logNote(c, note));
    }

    @Override
    public void overloaded(Connection c) {
        home(c, () -> {
            if (peerLines.admit("s2s workers", "worker queue full")) {
                LOG.warn("No room in the worker queue for the TLS handshake or certificate check of {}; the "
                        + "connection is closed with <resource-constraint/> (RFC 6120 §4.9.3.17) and the peer may "
                        + "retry. Many at once mean a handshake storm, or too few io.threads for this load",
                        c.peerAddress());
            }
        });
    }

    private void logNote(Connection c, SecurityNote note) {
        if (peerLines.admit(addressOf(c), note.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))) {
            LOG.warn("{} [{}] {} (stream {})", PeerText.of(note.peerDomain() == null ? c.peerAddress() : note.peerDomain()),
                    note.specSection(), PeerText.message(note.message()), PeerText.of(note.streamId()));
        }
    }

    @Override
    public void tlsEstablished(Connection c, dev.portcullis.api.tls.PolicyVerdict verdict, Duration handshake) {
        events.tlsHandshake(c.direction(), verdict.protocol(), handshake);
    }

    // ---- timers

    private void tick() {
        long now = reactor.now();
        connector.tick(now);
        pings.expire(now);
        peerLines.flush();
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }

    /** The outbound stream of one domain pair, while it is being opened and once it is authenticated. */
    private static final class Outbound {
        final DomainPair pair;
        final PendingStanzas<Element> queue;
        final List<PendingVerify> verifies = new ArrayList<>();
        Connection connection;
        boolean authenticated;
        boolean failed;

        Outbound(DomainPair pair, int limit) {
            this.pair = pair;
            this.queue = new PendingStanzas<>(limit);
        }
    }

    private record PendingVerify(VerifyQuery query, CompletableFuture<VerifyAnswer> result) {
    }
}
