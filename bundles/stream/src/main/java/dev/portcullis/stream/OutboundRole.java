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
import dev.portcullis.api.dna.Endpoint;
import dev.portcullis.api.dna.Verification;
import dev.portcullis.api.dna.VerificationOutcome;
import dev.portcullis.api.stream.AuthMethod;
import dev.portcullis.api.tls.TlsPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLException;

/**
 * The initiating entity's half of the negotiation (RFC 6120 §4.3, §5.4, §6.4; RFC 7590 §3.1; XEP-0178 §3;
 * XEP-0220 §2.1): always attempt STARTTLS, decide between SASL EXTERNAL and dialback once the peer's
 * certificate is judged, send {@code db:result} for each domain pair and {@code db:verify} for the
 * dialback receiving role. State lives in the {@link S2sSession}.
 */
final class OutboundRole {
    private final S2sSession s;

    OutboundRole(S2sSession session) {
        this.s = session;
    }

    /** RFC 6120 §4.3.2: the initiating entity receives the response header. */
    void outboundHeader(StreamHeader h) throws StreamException {
        s.checkHeader(h);
        if (h.id() == null || h.id().isEmpty()) {
            throw new StreamException(StreamErrorCondition.INVALID_XML, "the response stream header from " + s.peerDomain
                    + " has no id (RFC 6120 §4.7.3)");
        }
        s.streamId = h.id();
        s.state = SessionState.FEATURES;
    }

    void outboundElement(Element e) throws StreamException, SSLException {
        if (s.state == SessionState.FEATURES && e.is(Namespaces.STREAMS, "features")) {
            outboundFeatures(e);
        } else if (s.state == SessionState.STARTTLS && e.namespace().equals(Namespaces.TLS)
                && (e.name().equals("proceed") || e.name().equals("failure"))) {
            if (e.name().equals("proceed")) {
                if (s.startTls()) {
                    s.tls.begin(); // the ClientHello
                }
            } else {
                startTlsRefused("answered <starttls/> with <failure/>");
            }
        } else if (s.state == SessionState.SASL && e.namespace().equals(Namespaces.SASL)
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
            throw new StreamException(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, s.peerLabel() + " sent <" + e.name()
                    + " xmlns='" + e.namespace() + "'/> in state " + s.state + "; stanzas on an outbound stream need "
                    + "XEP-0288 bidirectional streams, which were not negotiated (RFC 6120 §4.9.3.24)");
        }
    }

    /** RFC 6120 §4.3.2: stream features, before TLS, after TLS, after SASL. */
    void outboundFeatures(Element f) throws StreamException, SSLException {
        s.features = f;
        Element dialbackFeature = f.child(Namespaces.DIALBACK_FEATURE, "dialback");
        s.dialbackOffered = dialbackFeature != null || (s.peerHeader != null && s.peerHeader.declaresDialback());
        // XEP-0220 §2.4.2: <errors/> is what allows target multiplexing (§2.6.2); it stays known for the stream
        // (its post-SASL features may omit dialback) and is forgotten with the pre-TLS features (RFC 6120 §5.4.3.3)
        s.dialbackErrors |= dialbackFeature != null && dialbackFeature.child(Namespaces.DIALBACK_FEATURE, "errors") != null;
        if (!s.tlsEstablished && !s.plaintextAccepted) {
            if (s.services.tlsPolicy() == null) {
                throw s.missing("TLS policy", "dev.portcullis.tls");
            }
            if (f.child(Namespaces.TLS, "starttls") == null) {
                S2sSession.LOG.debug("{} did not advertise STARTTLS; attempting it anyway (RFC 7590 §3.1)",
                        dev.portcullis.api.PeerText.of(s.peerLabel()));
            }
            // RFC 7590 §3.1: not deterred by a missing (perhaps stripped) feature
            s.state = SessionState.STARTTLS;
            s.sendElement(Element.builder(Namespaces.TLS, "starttls").build());
        } else if (s.saslDone) {
            s.state = SessionState.ESTABLISHED; // RFC 6120 §6.4.6: s.authenticated stream restarted
            DomainPair pair = new DomainPair(s.localDomain, s.peerDomain);
            s.authenticated.add(pair);
            s.host.authenticated(s, pair.local(), pair.peer(), AuthMethod.SASL_EXTERNAL);
            flushQueued();
        } else {
            s.state = SessionState.VERIFYING;
            if (s.tlsEstablished) {
                s.verificationFor(s.peerDomain).thenAccept(v -> s.guarded(() -> outboundDecide(v)));
            } else {
                outboundDecide(null);
            }
        }
    }

    void startTlsRefused(String what) throws StreamException {
        TlsPolicy policy = s.services.tlsPolicy();
        if (policy == null) {
            throw s.missing("TLS policy", "dev.portcullis.tls");
        }
        StartTlsRequirement.Requirement required = StartTlsRequirement.of(policy.startTls(s.peerDomain), s.peerDomain,
                s.endpoint);
        if (required.plaintextPermitted()) {
            s.plaintextAccepted = true;
            s.note(SecurityNote.Kind.PLAINTEXT, s.peerDomain + " " + what + "; continuing WITHOUT TLS because the TLS "
                    + "policy permits plaintext for this peer", "RFC 7590 §3.1");
            s.state = SessionState.VERIFYING;
            outboundDecide(null);
            return;
        }
        String text = required.why() != null ? s.peerDomain + " " + what + "; " + required.why() + ", so no stanzas "
                + "are sent. A STARTTLS failure towards a DANE-protected peer may be a downgrade attack; check the "
                + "network path to " + s.peerDomain + "."
                : s.peerDomain + " " + what + "; TLS is required for this peer, so no stanzas are sent "
                + "(RFC 7590 §3.1). Ask its administrator to enable TLS, or list it as a plaintext peer in the TLS policy.";
        s.note(SecurityNote.Kind.TLS_REFUSED, text, required.why() != null ? "RFC 7673 §3.4" : "RFC 7590 §3.1");
        throw new StreamException(StreamErrorCondition.POLICY_VIOLATION, text);
    }

    /** XEP-0178 / XEP-0220: choose SASL EXTERNAL or dialback once the peer's certificate is judged. */
    void outboundDecide(Verification v) throws StreamException {
        if (s.state != SessionState.VERIFYING) {
            return;
        }
        if (v != null && v.outcome() == VerificationOutcome.REJECTED) {
            s.note(SecurityNote.Kind.VERIFICATION_FAILED, v.reason(), "RFC 7712 §4");
            throw new StreamException(StreamErrorCondition.POLICY_VIOLATION, "the certificate of " + s.peerDomain
                    + " is rejected: " + v.reason());
        }
        s.peerJudged = true; // the TLS review passed and the verifier did not veto: db:verify may use this stream
        Element mechanisms = s.features.child(Namespaces.SASL, "mechanisms");
        boolean external = mechanisms != null && mechanisms.children().stream()
                .anyMatch(m -> m.is(Namespaces.SASL, "mechanism") && m.text().trim().equals("EXTERNAL"));
        if (s.tlsEstablished && v != null && v.verified() && external) {
            s.state = SessionState.SASL;
            // XEP-0178 §3 step 10: the authzid (our domain) is included for backward compatibility
            s.sendElement(Element.builder(Namespaces.SASL, "auth").attribute("mechanism", "EXTERNAL")
                    .text(Base64.getEncoder().encodeToString(s.localDomain.getBytes(StandardCharsets.UTF_8))).build());
            return;
        }
        flushVerifies();
        dialbackOut(new DomainPair(s.localDomain, s.peerDomain), true);
    }

    void outboundSaslResult(Element e) throws StreamException {
        if (e.name().equals("success")) {
            s.saslDone = true;
            s.authMethod = AuthMethod.SASL_EXTERNAL;
            s.restart();
            return;
        }
        String condition = e.children().isEmpty() ? "failure" : e.children().get(0).name();
        s.note(SecurityNote.Kind.SASL_FAILED, s.peerDomain + " refused SASL EXTERNAL for " + s.localDomain + ": <"
                + condition + "/>; check that our certificate names " + s.localDomain, "XEP-0178 §3");
        s.state = SessionState.VERIFYING;
        flushVerifies();
        dialbackOut(new DomainPair(s.localDomain, s.peerDomain), true); // XEP-0178 step 11b: dialback may follow
    }

    /** XEP-0220 §2.1.1: originating server sends db:result for one pair. */
    void dialbackOut(DomainPair pair, boolean first) throws StreamException {
        dialbackOut(pair, first, pair.peer().equals(s.peerDomain) ? s.verification : null);
    }

    /** As above; {@code certificate} is the verifier's judgement of the stream's certificate for the pair's target. */
    void dialbackOut(DomainPair pair, boolean first, Verification certificate) throws StreamException {
        Dialback dialback = s.services.dialback();
        String problem = null;
        if (dialback == null) {
            if (first) {
                throw s.missing("dialback", "dev.portcullis.dialback");
            }
            problem = "the dialback service (dev.portcullis.dialback) is not available";
        } else if (!s.dialbackOffered) {
            problem = s.peerDomain + " offers neither SASL EXTERNAL for " + pair.local() + " nor Server Dialback";
        } else {
            DialbackDecision d = dialback.permits(s.dialbackContext(Direction.OUTBOUND, pair.local(), pair.peer(),
                    certificate));
            if (!d.permitted()) {
                problem = "cannot authenticate " + pair.local() + " to " + pair.peer() + ": SASL EXTERNAL is not "
                        + "possible and dialback is not permitted: " + d.reason() + " (" + d.specSection() + ")";
            }
        }
        if (problem != null) {
            s.note(SecurityNote.Kind.VERIFICATION_FAILED, problem, "XEP-0220 §2.1.1");
            if (first) {
                throw new StreamException(StreamErrorCondition.POLICY_VIOLATION, problem);
            }
            s.host.authenticationFailed(s, pair.local(), pair.peer(), problem, DialbackError.REMOTE_SERVER_NOT_FOUND);
            return;
        }
        String key = dialback.key(pair.peer(), pair.local(), s.streamId);
        s.pendingPairs.add(pair);
        if (first) {
            s.state = SessionState.DIALBACK;
        }
        s.sendElement(DialbackElements.request("result", pair.local(), pair.peer(), null, key));
    }

    /** XEP-0220 §2.1.1 step 4: the receiving server's verdict on our db:result. */
    void outboundResultAnswer(Element e) throws StreamException {
        String from = Jids.domain(e.attribute("from"));
        String to = Jids.domain(e.attribute("to"));
        DomainPair pair = from == null || to == null ? null : new DomainPair(to, from);
        if (pair == null || !s.pendingPairs.remove(pair)) {
            // a note, so the host logs it rate-limited per peer (issue 11 item 6)
            s.note(SecurityNote.Kind.PROTOCOL_VIOLATION, s.peerLabel() + " sent an unsolicited db:result answer "
                    + e.toXml() + "; ignored (XEP-0220 §3.1)", "XEP-0220 §3.1");
            return;
        }
        DialbackResultType type = DialbackElements.type(e);
        if (type == DialbackResultType.VALID) {
            s.authenticated.add(pair);
            if (s.authMethod == AuthMethod.NONE) {
                s.authMethod = AuthMethod.DIALBACK;
            }
            boolean first = s.state == SessionState.DIALBACK;
            if (first) {
                s.state = SessionState.ESTABLISHED;
            }
            if (!s.tlsEstablished) {
                s.note(SecurityNote.Kind.PLAINTEXT, "stanzas to " + pair.peer() + " will be sent WITHOUT TLS, as the "
                        + "TLS policy permits for this peer", "RFC 7590 §3.1");
            }
            s.host.authenticated(s, pair.local(), pair.peer(), AuthMethod.DIALBACK);
            if (first) {
                flushQueued();
            }
            return;
        }
        String reason = pair.peer() + " answered our dialback for " + pair.local() + " with type='" + type.xmlValue()
                + "'" + (type == DialbackResultType.ERROR ? " <" + DialbackElements.error(e).condition() + "/>" : "");
        s.note(SecurityNote.Kind.DIALBACK_FAILED, reason, "XEP-0220 §2.1.1"); // no dialback service judged it
        // XEP-0220 §2.1.1: queued stanzas bounce with internal-server-error after 'invalid', remote-server-timeout
        // after 'error' (also §2.5)
        s.host.authenticationFailed(s, pair.local(), pair.peer(), reason, type == DialbackResultType.INVALID
                ? DialbackError.INTERNAL_SERVER_ERROR : DialbackError.REMOTE_SERVER_TIMEOUT);
        if (s.state == SessionState.DIALBACK && s.pendingPairs.isEmpty() && s.authenticated.isEmpty()) {
            s.close(null); // nothing left to do on this stream
        }
    }

    void outboundVerifyAnswer(Element e) {
        String key = verifyKey(e.attribute("from"), e.attribute("to"), e.attribute("id"));
        CompletableFuture<VerifyAnswer> f = s.awaitedVerifies.remove(key);
        if (f == null) {
            s.note(SecurityNote.Kind.PROTOCOL_VIOLATION, s.peerLabel() + " sent an unsolicited db:verify answer "
                    + e.toXml() + "; ignored", "XEP-0220 §3.1");
            return;
        }
        DialbackResultType type = DialbackElements.type(e);
        f.complete(new VerifyAnswer(type, type == DialbackResultType.ERROR ? DialbackElements.error(e) : null,
                "authoritative server " + s.peerDomain + " answered type='" + type.xmlValue() + "'"));
    }

    static String verifyKey(String from, String to, String id) {
        return Jids.domain(from) + "|" + Jids.domain(to) + "|" + id;
    }

    /**
     * Sends db:verify queries once the peer is judged (TLS reviewed and its certificate not vetoed, or plaintext
     * accepted by the policy), and not in the middle of SASL: an answer from a peer that a DANE veto is about to
     * close must never count (XEP-0220 §2.1.2, RFC 7712 §4).
     */
    void flushVerifies() {
        boolean ready = s.direction == Direction.OUTBOUND && s.peerJudged && (s.tlsEstablished || s.plaintextAccepted)
                && (s.state == SessionState.VERIFYING || s.state == SessionState.DIALBACK || s.state == SessionState.ESTABLISHED);
        if (!ready) {
            return;
        }
        for (S2sSession.PendingVerify p : List.copyOf(s.unsentVerifies)) {
            VerifyQuery q = p.query();
            s.awaitedVerifies.put(verifyKey(q.authoritativeDomain(), q.receivingDomain(), q.streamId()), p.answer());
            s.sendElement(DialbackElements.request("verify", q.receivingDomain(), q.authoritativeDomain(), q.streamId(), q.key()));
        }
        s.unsentVerifies.clear();
    }

    /**
     * Why {@code pair} must not be multiplexed onto this stream as a new target domain, or {@code null} when it
     * may (XEP-0220 §2.6.2, RFC 7712 §4.4.2 steps 1-3): the peer advertised dialback error handling, the target
     * resolves to the host and port this stream is connected to, and (checked next, asynchronously) the stream's
     * certificate is proven for the target too.
     */
    String targetMultiplexProblem(DomainPair pair, Endpoint target) {
        String why = "cannot multiplex " + pair + " onto the stream to " + s.peerLabel() + ": ";
        if (s.state != SessionState.ESTABLISHED) {
            return why + "the stream is not established yet, so the peer's features and certificate are not known";
        }
        if (!s.dialbackErrors) {
            return why + s.peerDomain + " did not advertise dialback error handling (XEP-0220 §2.4.2, §2.6.2)";
        }
        if (!s.tlsEstablished || s.peerChain.isEmpty()) {
            return why + "the stream has no TLS certificate that could cover " + pair.peer() + " (RFC 7712 §4.4.2)";
        }
        if (target == null || s.endpoint == null || !sameConnection(s.endpoint, target)) {
            return why + pair.peer() + " does not resolve to " + (s.endpoint == null ? "this stream's endpoint"
                    : s.endpoint.host() + ":" + s.endpoint.port()) + " (XEP-0220 §2.6.2, RFC 7712 §4.4.2)";
        }
        return null;
    }

    /** The same SRV target and port, or an address in common on the same port (XEP-0220 §2.6.2). */
    private static boolean sameConnection(Endpoint current, Endpoint target) {
        if (current.port() != target.port() || current.directTls() != target.directTls()) {
            return false;
        }
        return current.host().equalsIgnoreCase(target.host())
                || target.addresses().stream().anyMatch(current.addresses()::contains);
    }

    /** RFC 7712 §4.4.2 step 3: the stream's certificate judged for the new target; only then the db:result. */
    void targetVerified(DomainPair pair, Verification v) throws StreamException {
        if (!s.queuedPairs.remove(pair)) {
            return; // the stream closed meanwhile; the pair was reported failed then
        }
        if (!v.verified()) {
            String problem = "cannot multiplex " + pair + " onto the stream to " + s.peerLabel() + ": its certificate "
                    + "is not proven for " + pair.peer() + " (" + v.reason() + "); a stream of its own is needed "
                    + "(RFC 7712 §4.4.2)";
            s.note(SecurityNote.Kind.VERIFICATION_FAILED, problem, "RFC 7712 §4.4.2");
            s.host.authenticationFailed(s, pair.local(), pair.peer(), problem, DialbackError.REMOTE_SERVER_NOT_FOUND);
            return;
        }
        dialbackOut(pair, false, v);
    }

    void flushQueued() throws StreamException {
        flushVerifies();
        while (!s.queuedPairs.isEmpty() && s.state == SessionState.ESTABLISHED) {
            dialbackOut(s.queuedPairs.poll(), false);
        }
    }
}
