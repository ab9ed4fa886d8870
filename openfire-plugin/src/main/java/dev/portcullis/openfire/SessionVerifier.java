package dev.portcullis.openfire;

import dev.portcullis.api.Direction;
import dev.portcullis.api.PeerText;
import dev.portcullis.api.dialback.Dialback;
import dev.portcullis.api.dialback.DialbackContext;
import dev.portcullis.api.dialback.DialbackDecision;
import dev.portcullis.api.dna.DomainVerifier;
import dev.portcullis.api.dna.Verification;
import dev.portcullis.api.dna.VerificationOutcome;
import dev.portcullis.api.dna.VerificationRequest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jivesoftware.openfire.event.ServerSessionEventListener;
import org.jivesoftware.openfire.session.DomainPair;
import org.jivesoftware.openfire.session.LocalIncomingServerSession;
import org.jivesoftware.openfire.session.LocalOutgoingServerSession;
import org.jivesoftware.openfire.session.LocalServerSession;
import org.jivesoftware.openfire.session.ServerSession;
import org.jivesoftware.openfire.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.StreamError;

/**
 * When Openfire has authenticated an s2s session, asks the {@link DomainVerifier} about the peer's certificate
 * (RFC 7712: PKIX, DANE, POSH, certificate memory) and, for a session Openfire authenticated with dialback,
 * {@link Dialback#permits}. A {@code REJECTED} verdict (TLSA mismatch, RFC 7673 §3; certificate changed unproven
 * under {@code require-proof}) or a refused dialback closes the session with {@code <policy-violation/>}.
 * This is a veto after the fact: Openfire has already accepted the peer, and stanzas may pass in the moment
 * the verdict takes. Openfire 5.1 dispatches its session event for outgoing sessions only; incoming ones are
 * found by {@link IncomingSessionWatcher} (README, integration matrix).
 */
final class SessionVerifier implements ServerSessionEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(SessionVerifier.class);

    private final Supplier<DomainVerifier> verifier;
    private final Supplier<Dialback> dialback;

    SessionVerifier(Supplier<DomainVerifier> verifier, Supplier<Dialback> dialback) {
        this.verifier = verifier;
        this.dialback = dialback;
    }

    @Override
    public void sessionCreated(Session session) {
        try {
            if (session instanceof LocalOutgoingServerSession out) {
                for (DomainPair pair : out.getOutgoingDomainPairs()) {
                    check(out, Direction.OUTBOUND, pair.getRemote(), pair.getLocal());
                }
            }
            // incoming sessions: IncomingSessionWatcher (Openfire 5.1's Netty path dispatches no event for them)
        } catch (RuntimeException e) {
            LOG.error("Portcullis: cannot verify the s2s session {}: {}", PeerText.of(String.valueOf(session.getAddress())),
                    e.getMessage(), e);
        }
    }

    /** Both services are running, so a session can be judged (after a reload FileInstall starts them a moment later). */
    boolean ready() {
        return verifier.get() != null && dialback.get() != null;
    }

    /** One domain Openfire validated on an incoming session (dialback or SASL EXTERNAL). */
    void incoming(LocalIncomingServerSession session, String domain) {
        try {
            check(session, Direction.INBOUND, domain, session.getLocalDomain());
        } catch (RuntimeException e) {
            LOG.error("Portcullis: cannot verify the s2s session from {}: {}", PeerText.of(domain), e.getMessage(), e);
        }
    }

    @Override
    public void sessionDestroyed(Session session) {
        // nothing kept per session
    }

    private void check(LocalServerSession session, Direction direction, String peer, String local) {
        DomainVerifier v = verifier.get();
        if (v == null) {
            close(session, direction, peer, "the domain verifier is not running (the dna-verifier bundle is stopped or being updated)",
                    "RFC 7712 §4");
            return;
        }
        List<X509Certificate> chain = chain(session.getPeerCertificates());
        v.verify(new VerificationRequest(direction, peer, local, chain, null, null)).whenComplete((verification, failure) -> {
            if (failure != null) {
                close(session, direction, peer, "its certificate could not be verified: " + PeerText.message(String.valueOf(failure.getMessage())),
                        "RFC 7712 §4");
            } else if (verification.outcome() == VerificationOutcome.REJECTED) {
                close(session, direction, peer, verification.reason(), "RFC 7712 §4, RFC 7673 §3");
            } else {
                LOG.info("Portcullis: s2s session {} {}: {} ({})", direction == Direction.OUTBOUND ? "to" : "from",
                        PeerText.of(peer), verification.outcome(), verification.reason());
                // Dialback.permits governs dialback that authenticates the peer to us (inbound, receiving role); on an
                // outbound session Openfire's dialback authenticates us to the peer, which is the peer's decision
                if (direction == Direction.INBOUND
                        && session.getAuthenticationMethod() == ServerSession.AuthenticationMethod.DIALBACK) {
                    checkDialback(session, direction, peer, local, verification, chain);
                }
            }
        });
    }

    private void checkDialback(LocalServerSession session, Direction direction, String peer, String local,
                               Verification verification, List<X509Certificate> chain) {
        Dialback d = dialback.get();
        if (d == null) {
            close(session, direction, peer, "the dialback service is not running (the dialback bundle is stopped or being updated)",
                    "XEP-0220 §2");
            return;
        }
        DialbackDecision decision = d.permits(new DialbackContext(direction, String.valueOf(session.getStreamID()),
                peer, local, session.isEncrypted(), false, verification, chain));
        if (!decision.permitted()) {
            close(session, direction, peer, "Openfire authenticated it with dialback, which the policy refuses: " + decision.reason(),
                    decision.specSection());
        }
    }

    private static void close(LocalServerSession session, Direction direction, String peer, String why, String clause) {
        LOG.warn("Portcullis: closing the {} with <policy-violation/> (RFC 6120 §4.9.3.13): {} ({})",
                direction == Direction.OUTBOUND ? "outbound s2s session to " + PeerText.of(peer)
                        : "inbound s2s session from " + PeerText.of(peer), why, clause);
        session.getConnection().close(new StreamError(StreamError.Condition.policy_violation,
                "The peer's authentication does not meet this server's federation policy (" + clause + ")"));
    }

    private static List<X509Certificate> chain(Certificate[] certificates) {
        List<X509Certificate> chain = new ArrayList<>();
        if (certificates != null) {
            for (Certificate c : certificates) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
        }
        return chain;
    }
}
