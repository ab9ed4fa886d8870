package dev.portcullis.openfire;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.openfire.SessionManager;
import org.jivesoftware.openfire.session.IncomingServerSession;
import org.jivesoftware.openfire.session.LocalIncomingServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds each domain Openfire validates on an incoming s2s session and hands it to the {@link SessionVerifier}.
 * Openfire 5.1's Netty path validates incoming domains in {@code LocalIncomingServerSession} (dialback) and
 * {@code SASLAuthentication} (EXTERNAL) without dispatching {@code ServerSessionEventDispatcher}'s
 * {@code session_created}, so the plugin looks at {@code SessionManager} every {@link #PERIOD_MILLIS} ms: the veto
 * comes within that time plus the verification's. One daemon thread, stopped when the plugin unloads.
 */
final class IncomingSessionWatcher implements AutoCloseable {

    static final long PERIOD_MILLIS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(IncomingSessionWatcher.class);

    private final SessionVerifier verifier;
    private final ScheduledExecutorService timer;
    /** stream id + domain already handed over; pruned to the sessions still open */
    private Set<String> seen = new HashSet<>();

    private IncomingSessionWatcher(SessionVerifier verifier) {
        this.verifier = verifier;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "portcullis-s2s-incoming-watch");
            t.setDaemon(true);
            return t;
        });
    }

    static IncomingSessionWatcher start(SessionVerifier verifier) {
        IncomingSessionWatcher w = new IncomingSessionWatcher(verifier);
        w.timer.scheduleWithFixedDelay(w::scan, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return w;
    }

    private void scan() {
        if (!verifier.ready()) {
            return; // judged once the bundles are up; closing them unjudged would drop live sessions on every reload
        }
        try {
            SessionManager sessions = SessionManager.getInstance();
            Set<String> now = new HashSet<>();
            for (String server : sessions.getIncomingServers()) {
                for (IncomingServerSession s : sessions.getIncomingServerSessions(server)) {
                    if (!(s instanceof LocalIncomingServerSession local) || local.isClosed()) {
                        continue;
                    }
                    for (String domain : local.getValidatedDomains()) {
                        String key = local.getStreamID() + "\u0000" + domain;
                        now.add(key);
                        if (!seen.contains(key)) {
                            verifier.incoming(local, domain);
                        }
                    }
                }
            }
            seen = now;
        } catch (RuntimeException e) {
            LOG.warn("Portcullis: looking for new incoming s2s sessions failed: {}", e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
