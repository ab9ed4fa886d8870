package dev.portcullis.server;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dialback.DialbackError;
import dev.portcullis.api.stream.AuthMethod;
import dev.portcullis.stream.Element;
import dev.portcullis.stream.S2sSession;
import dev.portcullis.stream.SecurityNote;
import dev.portcullis.stream.SessionHost;
import dev.portcullis.stream.StreamErrorCondition;
import dev.portcullis.stream.StreamException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection and its {@link S2sSession}: the session's {@link SessionHost}. Non-blocking reads
 * are fed to the session; its writes are queued and flushed when the socket is writable. It belongs to one
 * reactor thread for its life and every method runs there, except the few read-only state queries marked
 * for other threads and {@link #onOwner}, through which other threads reach it.
 */
final class Connection implements SessionHost, IoHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final long CLOSE_LINGER_MILLIS = 2000;
    /** Events of one connection waiting for the home reactor; beyond this we stop reading from the peer. */
    static final int HOME_TASKS_LIMIT = 256;

    private final ReactorConnections lane;
    private final Reactor reactor;
    private final SocketChannel channel;
    /** Runs CPU-heavy work off this reactor (bounded; see {@link HandshakeWorkers}). */
    private final java.util.concurrent.Executor workers;
    private final ConnectionEvents events;
    /** A peer that does not read what we send cannot make us buffer without bound (RFC 6120 §13.12). */
    private final OutputBudget budget;
    private final Direction direction;
    private final String peerAddress;
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private final long openedAt;
    private SelectionKey key;
    private S2sSession session;
    // volatile: read by the home reactor for routing and shedding; written on this connection's thread only
    private volatile long buffered;
    private long lastReadAt;
    private long lastWriteAt;
    private volatile boolean authenticated;
    private volatile boolean sessionClosed;
    private long closingSince = -1;
    private volatile boolean channelClosed;
    /** Chosen by the home reactor to be shed (output.total.limit); its close is queued on this thread. */
    private volatile boolean condemned;
    /** Work handed to the workers and not yet back: nothing is read from the peer meanwhile. */
    private int offloads;
    /** Events handed to the home reactor and not yet run (decremented there). */
    private final java.util.concurrent.atomic.AtomicInteger homeTasks = new java.util.concurrent.atomic.AtomicInteger();
    /** Backpressure towards the home reactor: not reading until its queue of our events drained to half. */
    private boolean homePaused;
    /** The last security note's message, so the close it announced is not logged a second time. */
    private String notedMessage;
    private boolean quietClose;
    private boolean transportEnded;
    /** Backpressure: we stop reading while more than the per-connection limit waits for the peer. */
    private boolean readPaused;
    private long pausedSince;

    Connection(ReactorConnections lane, SocketChannel channel, ConnectionEvents events, OutputBudget budget,
               java.util.concurrent.Executor workers, Direction direction, String peerAddress) {
        this.lane = lane;
        this.reactor = lane.reactor();
        this.workers = workers;
        this.channel = channel;
        this.events = events;
        this.budget = budget;
        this.direction = direction;
        this.peerAddress = peerAddress;
        this.openedAt = reactor.now();
        this.lastReadAt = openedAt;
        this.lastWriteAt = openedAt;
    }

    /** On the owning reactor: registers for reads and starts the session. */
    void attach(S2sSession s) throws IOException {
        lane.adopt(this);
        this.session = s;
        this.key = reactor.register(channel, SelectionKey.OP_READ, this);
        s.start();
    }

    /** The reactor thread this connection belongs to. */
    ReactorConnections lane() {
        return lane;
    }

    /** From any thread: runs {@code task} on this connection's reactor, after what is queued there. */
    void onOwner(Runnable task) {
        reactor.submit(task);
    }

    /** On this connection's thread: one more event for the home reactor. */
    void homeTaskQueued() {
        if (homeTasks.incrementAndGet() > HOME_TASKS_LIMIT && !homePaused) {
            homePaused = true;
            updateInterest();
        }
    }

    /** Events waiting for the home reactor (any thread). */
    int homeBacklog() {
        return homeTasks.get();
    }

    /** On this connection's thread: whether it stopped reading until the home reactor catches up. */
    boolean homePaused() {
        return homePaused;
    }

    /** On the home thread: one event done; at half the limit this connection may read again. */
    void homeTaskDone() {
        if (homeTasks.decrementAndGet() == HOME_TASKS_LIMIT / 2) {
            reactor.submit(() -> {
                if (homePaused && homeTasks.get() <= HOME_TASKS_LIMIT / 2) {
                    homePaused = false;
                    updateInterest();
                }
            });
        }
    }

    /** Remembers a security note's message; {@link #noted} tells whether a close repeats it. */
    void note(String message) {
        notedMessage = message;
    }

    /** Whether the close {@code error} was already announced by a security note (then forgotten). */
    boolean noted(StreamException error) {
        boolean noted = error != null && notedMessage != null && notedMessage.endsWith(error.text());
        notedMessage = null;
        return noted;
    }

    S2sSession session() {
        return session;
    }

    Direction direction() {
        return direction;
    }

    String peerAddress() {
        return peerAddress;
    }

    boolean isAuthenticated() {
        return authenticated;
    }

    boolean isOpen() {
        return !channelClosed && !sessionClosed;
    }

    /** The socket is still open (a closed stream lingers until its last bytes are sent). */
    boolean channelOpen() {
        return !channelClosed;
    }

    long openedAt() {
        return openedAt;
    }

    long lastReadAt() {
        return lastReadAt;
    }

    long lastWriteAt() {
        return lastWriteAt;
    }

    // ---- SessionHost

    @Override
    public void write(ByteBuffer bytes) {
        if (channelClosed || transportEnded || !bytes.hasRemaining()) {
            return;
        }
        OutputLimits limits = budget.limits();
        if (sessionClosed && buffered + bytes.remaining() > limits.hardCap()) {
            return; // our closing words to a peer that reads nothing: not worth more memory
        }
        buffered += bytes.remaining();
        budget.add(bytes.remaining());
        out.add(bytes);
        flush();
        if (!sessionClosed && buffered > limits.hardCap()) {
            closeOffender(StreamErrorCondition.POLICY_VIOLATION, "it does not read what we send ("
                    + buffered + " bytes waiting, limit " + limits.perConnection() + ")");
        } else if (buffered > limits.perConnection() && !readPaused && !channelClosed) {
            readPaused = true; // backpressure: no more input from it until it takes what we sent
            pausedSince = reactor.now();
            LOG.debug("{} ({}): {} bytes wait for the peer; not reading from it until it catches up",
                    peerLabel(), peerAddress, buffered);
            updateInterest();
        }
    }

    /** Home reactor only: marks this connection as being shed, so the next round does not pick it again. */
    void condemn() {
        condemned = true;
    }

    boolean condemned() {
        return condemned;
    }

    /** Bytes queued for the peer, not yet taken by the socket. */
    long backlog() {
        return buffered;
    }

    /**
     * Ends a stream whose peer does not read (RFC 6120 §13.12), dropping what it did not take so the error
     * itself has room, and says so naming the peer.
     */
    void closeOffender(StreamErrorCondition condition, String why) {
        if (sessionClosed || channelClosed) {
            return;
        }
        LOG.warn("Closing the {} stream with {} at {} with <{}/> (RFC 6120 §13.12): {}", direction.name()
                .toLowerCase(java.util.Locale.ROOT), dev.portcullis.api.PeerText.of(peerLabel()), peerAddress, condition.elementName(), why);
        dropOutput();
        close(condition, "the stream used more of our resources than allowed: " + why);
    }

    private void dropOutput() {
        out.clear();
        budget.release(buffered);
        buffered = 0;
    }

    @Override
    public void execute(Runnable task) {
        reactor.submit(() -> {
            if (!sessionClosed) {
                task.run();
            }
        });
    }

    @Override
    public boolean offload(Runnable work, Runnable then) {
        if (channelClosed) {
            return true; // nothing will come of it
        }
        try {
            workers.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.debug("Work for {} failed on a worker: {}", peerAddress, e.toString()); // the engine reports it
                } finally {
                    reactor.submit(() -> {
                        offloads--;
                        updateInterest();
                        if (!sessionClosed) {
                            then.run();
                        }
                    });
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            events.overloaded(this);
            return false;
        }
        offloads++;
        updateInterest(); // the peer waits for us; reading it now would only fill memory
        return true;
    }

    @Override
    public void authenticated(S2sSession s, String localDomain, String peerDomain, AuthMethod method) {
        authenticated = true;
        events.authenticated(this, localDomain, peerDomain, method);
    }

    @Override
    public void authenticationFailed(S2sSession s, String localDomain, String peerDomain, String reason,
                                     DialbackError condition) {
        events.authenticationFailed(this, localDomain, peerDomain, reason, condition);
    }

    @Override
    public void tlsEstablished(S2sSession s, dev.portcullis.api.tls.PolicyVerdict verdict, java.time.Duration handshake) {
        events.tlsEstablished(this, verdict, handshake);
    }

    @Override
    public void stanza(S2sSession s, Element stanza) {
        events.stanza(this, stanza);
    }

    @Override
    public void closed(S2sSession s, StreamException errorOrNull) {
        if (sessionClosed) {
            return;
        }
        sessionClosed = true;
        events.closed(this, errorOrNull);
        closingSince = reactor.now();
        if (out.isEmpty()) {
            closeChannel();
        }
    }

    @Override
    public void security(S2sSession s, SecurityNote note) {
        events.security(this, note);
    }

    // ---- I/O

    @Override
    public void ready(SelectionKey k) {
        if (k.isValid() && k.isWritable()) {
            flush();
        }
        if (k.isValid() && k.isReadable()) {
            read();
        }
    }

    private void read() {
        ByteBuffer buf = reactor.readBuffer();
        buf.clear();
        int n;
        try {
            n = channel.read(buf);
        } catch (IOException e) {
            LOG.debug("Read from {} failed: {}", peerAddress, e.toString());
            transportEnded("the connection failed: " + e.getMessage());
            return;
        }
        if (n < 0) {
            transportEnded("the peer closed the TCP connection");
            return;
        }
        if (n == 0) {
            return;
        }
        lastReadAt = reactor.now();
        buf.flip();
        if (sessionClosed) {
            return; // RFC 6120 §4.4: after our close, further data is ignored
        }
        session.receive(buf);
    }

    private void transportEnded(String why) {
        if (transportEnded) {
            return; // the session's closing writes fail too and come back here
        }
        transportEnded = true;
        if (!sessionClosed) {
            LOG.debug("{} ({}): {}", dev.portcullis.api.PeerText.of(peerLabel()), peerAddress, why);
            session.transportClosed(why);
            if (!sessionClosed) {
                closed(session, null);
            }
        }
        dropOutput();
        closeChannel();
    }

    private void flush() {
        if (channelClosed) {
            return;
        }
        try {
            while (!out.isEmpty()) {
                ByteBuffer head = out.peek();
                int n = channel.write(head);
                buffered -= n;
                budget.release(n);
                if (n > 0) {
                    lastWriteAt = reactor.now();
                }
                if (head.hasRemaining()) {
                    break;
                }
                out.poll();
            }
        } catch (IOException e) {
            LOG.debug("Write to {} failed: {}", peerAddress, e.toString());
            dropOutput();
            transportEnded("writing failed: " + e.getMessage());
            return;
        }
        if (readPaused && buffered <= budget.limits().perConnection() / 2) {
            readPaused = false; // it caught up: read again
        }
        updateInterest();
        if (out.isEmpty() && sessionClosed) {
            closeChannel();
        }
    }

    private void updateInterest() {
        if (key != null && key.isValid()) {
            key.interestOps((readPaused || offloads > 0 || homePaused ? 0 : SelectionKey.OP_READ) | (out.isEmpty() ? 0 : SelectionKey.OP_WRITE));
        }
    }

    /** Called by the server's timer. Closes a connection whose session ended but whose socket lingers. */
    void tick(long now) {
        OutputLimits limits = budget.limits();
        if (readPaused && !sessionClosed && now - pausedSince > limits.stall().toMillis()) {
            closeOffender(StreamErrorCondition.POLICY_VIOLATION, "it has not read what we sent ("
                    + buffered + " bytes waiting) for " + limits.stall().toSeconds() + " s");
        }
        if (sessionClosed && !channelClosed && closingSince >= 0 && now - closingSince > CLOSE_LINGER_MILLIS) {
            closeChannel();
        }
    }

    /** Ends the stream with an error (timeouts, shutdown), then the connection. */
    void close(StreamErrorCondition condition, String text) {
        if (!sessionClosed) {
            session.close(new StreamException(condition, text));
            if (!sessionClosed) {
                closed(session, new StreamException(condition, text));
            }
        }
    }

    /** The server logs this close in a summary line. */
    void quietClose() {
        quietClose = true;
    }

    boolean isQuietClose() {
        return quietClose;
    }

    /** RFC 6120 §4.6.1 whitespace keepalive; the session writes it (TLS-wrapped when TLS is on). */
    void keepalive() {
        if (!sessionClosed && session != null) {
            session.keepalive();
            // nothing written (not yet established): do not ask again on every tick
            lastWriteAt = reactor.now();
        }
    }

    /** Drops the connection without further writes. */
    void abort() {
        dropOutput();
        if (!sessionClosed) {
            sessionClosed = true;
            events.closed(this, null);
        }
        closeChannel();
    }

    @Override
    public void shutdown() {
        if (!sessionClosed && session != null) {
            close(StreamErrorCondition.SYSTEM_SHUTDOWN, "the server is shutting down; reconnect later");
            flush();
        }
        closeChannel();
    }

    private void closeChannel() {
        if (channelClosed) {
            return;
        }
        channelClosed = true;
        dropOutput();
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing {}", peerAddress, e);
        }
    }

    String peerLabel() {
        String d = session == null ? null : safe(session::peerDomain);
        return d == null ? "unknown peer" : d;
    }

    private static String safe(java.util.function.Supplier<String> s) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return direction.name().toLowerCase(java.util.Locale.ROOT) + " connection with " + peerLabel() + " at " + peerAddress;
    }
}
