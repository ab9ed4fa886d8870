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
import dev.portcullis.api.dna.Verification;
import dev.portcullis.api.dna.VerificationOutcome;
import dev.portcullis.api.stream.AuthMethod;
import dev.portcullis.api.tls.StartTlsRule;
import dev.portcullis.api.tls.TlsPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.net.ssl.SSLException;

/**
 * The receiving entity's half of the negotiation (RFC 6120 §4.3, §5.4, §6.4; XEP-0178 §3; XEP-0220 §2.2):
 * answer the header with features requiring TLS, run STARTTLS, offer SASL EXTERNAL for a verified client
 * certificate and dialback where permitted, judge {@code db:result} and answer {@code db:verify}, and let
 * stanzas through only for authenticated domain pairs. State lives in the {@link S2sSession}.
 */
final class InboundRole {
    private final S2sSession s;

    InboundRole(S2sSession session) {
        this.s = session;
    }

    /** RFC 6120 §4.2-§4.3: the receiving entity's side of the header exchange. */
    void inboundHeader(StreamHeader h) throws StreamException {
        String to = h.to() == null ? null : h.to().toLowerCase(Locale.ROOT);
        if (to != null && s.localDomain == null) {
            s.localDomain = to; // so our reply header names the domain, even on an error
        }
        s.streamId = s.config.streamIds().get(); // a fresh ID for every stream, also after restarts (§4.7.3)
        s.checkHeader(h);
        if (to == null || !s.services.localDomains().contains(to)) {
            throw new StreamException(StreamErrorCondition.HOST_UNKNOWN, to == null
                    ? "the stream header from " + s.peerHost + " has no 'to' (RFC 6120 §4.7.2)"
                    : "this server does not serve " + to + " (RFC 6120 §4.9.3.6)");
        }
        if (!to.equals(s.localDomain)) {
            throw new StreamException(StreamErrorCondition.HOST_UNKNOWN, "the stream changed its 'to' from "
                    + s.localDomain + " to " + to + " on restart (RFC 6120 §4.3.3)");
        }
        String from = h.from() == null ? null : h.from().toLowerCase(Locale.ROOT);
        s.claimedFrom = h.from(); // so a refusal of an invalid 'from' names what the peer claimed (§4.9.3.9)
        // RFC 6120 §4.7.1: an initiating server MUST include 'from' once TLS protects the stream; before TLS it
        // may leave it out (as `openssl s_client -starttls xmpp-server` does), so STARTTLS is offered regardless.
        if (from == null && !s.tlsEstablished) {
            s.peerDomain = null;
        } else if (from == null || Jids.domain(from) == null || !from.equals(Jids.domain(from))) {
            throw new StreamException(StreamErrorCondition.INVALID_FROM, "the s2s stream header from " + s.peerHost
                    + (from == null ? " has no 'from' after TLS" : " lacks a valid 'from' domain")
                    + "; an initiating server must name its domain once TLS is up (RFC 6120 §4.7.1)");
        } else if (s.saslDone && !from.equals(s.peerDomain)) {
            throw new StreamException(StreamErrorCondition.INVALID_FROM, "the stream authenticated as " + s.peerDomain
                    + " restarted with from='" + from + "' (RFC 6120 §6.4.6)");
        } else {
            s.peerDomain = from; // after TLS, what was learned in plaintext is discarded (§5.4.3.3 step 2)
        }
        s.sendHeader();
        if (!s.tlsEstablished) {
            TlsPolicy policy = s.services.tlsPolicy();
            if (policy == null) {
                throw s.missing("TLS policy", "dev.portcullis.tls");
            }
            // without a 'from' nothing names a peer the policy could permit plaintext for: TLS is required
            boolean plaintextOk = s.peerDomain != null
                    && policy.startTls(s.peerDomain) == StartTlsRule.PLAINTEXT_PERMITTED;
            Element.Builder f = Element.builder(Namespaces.STREAMS, "features");
            Element.Builder starttls = Element.builder(Namespaces.TLS, "starttls");
            if (!plaintextOk) {
                starttls.child(Element.builder(Namespaces.TLS, "required").build());
            }
            f.child(starttls.build());
            if (plaintextOk && s.services.dialback() != null) {
                f.child(dialbackFeature());
            }
            s.state = SessionState.FEATURES;
            s.sendElement(f.build());
        } else if (!s.saslDone) {
            // RFC 7712 §4.2 / XEP-0178 step 9: features depend on the verification of the client certificate.
            s.state = SessionState.VERIFYING;
            s.verificationFor(s.peerDomain).thenAccept(v -> s.guarded(() -> inboundVerified(v)));
        } else {
            Element.Builder f = Element.builder(Namespaces.STREAMS, "features");
            if (s.services.dialback() != null) {
                f.child(dialbackFeature()); // more domain pairs may follow (XEP-0220 §2.6)
            }
            s.state = SessionState.ESTABLISHED;
            s.sendElement(f.build());
        }
    }

    static Element dialbackFeature() {
        // XEP-0220 §2.4.2: dialback with error handling
        return Element.builder(Namespaces.DIALBACK_FEATURE, "dialback")
                .child(Element.builder(Namespaces.DIALBACK_FEATURE, "errors").build()).build();
    }

    void inboundElement(Element e) throws StreamException, SSLException {
        if (e.is(Namespaces.TLS, "starttls")) {
            inboundStartTls();
            return;
        }
        boolean dialbackElement = e.namespace().equals(Namespaces.DIALBACK)
                && (e.name().equals("result") || e.name().equals("verify"));
        if (!s.tlsEstablished && !dialbackElement && !s.plaintextPermitted()) {
            // RFC 6120 §5.3.1 and §4.3.5: TLS is mandatory-to-negotiate here; nothing else before it.
            throw new StreamException(StreamErrorCondition.NOT_AUTHORIZED, s.peerLabel() + " sent <" + e.name()
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
            throw new StreamException(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, s.peerLabel() + " sent <" + e.name()
                    + " xmlns='" + e.namespace() + "'/>, which this server does not support here (RFC 6120 §4.9.3.24)");
        }
    }

    static boolean isStanzaName(String name) {
        return name.equals("message") || name.equals("presence") || name.equals("iq");
    }

    /** RFC 6120 §5.4.2: the receiving entity answers STARTTLS. */
    void inboundStartTls() throws StreamException, SSLException {
        if (s.tls != null || s.state != SessionState.FEATURES) {
            throw new StreamException(StreamErrorCondition.POLICY_VIOLATION, s.peerLabel() + " sent a second <starttls/>;"
                    + " TLS is negotiated once per connection and renegotiation is not supported (RFC 6120 §5.4.3.3, §5.3.1)");
        }
        if (!s.startTls()) {
            return;
        }
        s.sendPlain("<proceed xmlns='" + Namespaces.TLS + "'/>");
        s.tls = s.pendingTls;
        s.pendingTls = null;
        s.tls.begin();
    }

    /** XEP-0178 step 9: after the client certificate is judged, send the post-TLS features. */
    void inboundVerified(Verification v) throws StreamException, SSLException {
        if (s.state != SessionState.VERIFYING) {
            return;
        }
        if (v.outcome() == VerificationOutcome.REJECTED) {
            s.note(SecurityNote.Kind.VERIFICATION_FAILED, v.reason(), "RFC 7712 §4");
            throw new StreamException(StreamErrorCondition.POLICY_VIOLATION, "the certificate of " + s.peerDomain
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
        Dialback dialback = s.services.dialback();
        String dialbackWhy = "the dialback service (dev.portcullis.dialback) is not available";
        if (dialback != null) {
            DialbackDecision d = dialback.permits(s.dialbackContext(Direction.INBOUND, s.peerDomain, s.localDomain, v));
            if (d.permitted()) {
                f.child(dialbackFeature());
                offered = true;
            } else {
                dialbackWhy = d.reason() + " (" + d.specSection() + ")";
            }
        }
        if (!offered) {
            String text = "cannot authenticate " + s.peerDomain + ": its certificate is not verified (" + v.reason()
                    + ") and dialback is not possible: " + dialbackWhy;
            s.note(SecurityNote.Kind.VERIFICATION_FAILED, text, "RFC 7712 §4");
            if (dialback == null) {
                throw s.missing("dialback", "dev.portcullis.dialback");
            }
            throw new StreamException(StreamErrorCondition.NOT_AUTHORIZED, text);
        }
        s.state = SessionState.FEATURES;
        s.sendElement(f.build());
        while (!s.held.isEmpty() && s.state != SessionState.CLOSED && s.state != SessionState.STREAM_HEADER) {
            inboundElement(s.held.poll());
        }
        s.held.clear();
    }

    /** RFC 6120 §6.4, XEP-0178 §3 steps 10-11: SASL EXTERNAL from the initiating server. */
    void inboundAuth(Element e) throws StreamException {
        if (s.saslDone || s.state != SessionState.FEATURES) {
            throw new StreamException(StreamErrorCondition.POLICY_VIOLATION, s.peerLabel()
                    + " sent <auth/> when SASL was not offered or already completed (RFC 6120 §6.4.1)");
        }
        String mechanism = e.attribute("mechanism");
        String failure = null;
        if (!"EXTERNAL".equals(mechanism)) {
            failure = "invalid-mechanism";
        } else if (s.verification == null || !s.verification.verified()) {
            failure = "not-authorized";
        } else {
            String response = e.text().trim();
            if (!response.isEmpty() && !response.equals("=")) {
                try {
                    String authzid = new String(Base64.getDecoder().decode(response), StandardCharsets.UTF_8);
                    if (!authzid.equalsIgnoreCase(s.peerDomain)) {
                        failure = "invalid-authzid"; // XEP-0178 §3: the authzid must be the verified 'from'
                    }
                } catch (IllegalArgumentException bad) {
                    failure = "incorrect-encoding";
                }
            }
        }
        if (failure != null) {
            s.saslFailures++;
            String text = "SASL " + mechanism + " from " + s.peerDomain + " failed: " + failure;
            s.note(SecurityNote.Kind.SASL_FAILED, text, "RFC 6120 §6.5, XEP-0178 §3");
            s.sendElement(Element.builder(Namespaces.SASL, "failure")
                    .child(Element.builder(Namespaces.SASL, failure).build()).build());
            if (s.saslFailures >= S2sSession.MAX_SASL_ATTEMPTS) {
                throw new StreamException(StreamErrorCondition.POLICY_VIOLATION, s.peerDomain + " failed SASL "
                        + s.saslFailures + " times (RFC 6120 §6.4.5)");
            }
            return;
        }
        s.sendElement(Element.builder(Namespaces.SASL, "success").build());
        s.saslDone = true;
        s.authMethod = AuthMethod.SASL_EXTERNAL;
        DomainPair pair = new DomainPair(s.localDomain, s.peerDomain);
        s.authenticated.add(pair);
        s.restart(); // RFC 6120 §6.4.6: the initiating entity opens a new stream
        s.host.authenticated(s, pair.local(), pair.peer(), AuthMethod.SASL_EXTERNAL);
    }

    /** XEP-0220 §2.2.1: the receiving server judges a db:result. */
    void inboundResult(Element e) throws StreamException {
        String from = Jids.domain(e.attribute("from"));
        String to = Jids.domain(e.attribute("to"));
        if (from == null || to == null) {
            throw new StreamException(StreamErrorCondition.IMPROPER_ADDRESSING, s.peerLabel()
                    + " sent a db:result without valid 'from' and 'to' (XEP-0220 §2.1.1)");
        }
        DomainPair pair = new DomainPair(to, from);
        if (!s.services.localDomains().contains(to)) {
            answerResult(pair, DialbackResultType.ERROR, DialbackError.ITEM_NOT_FOUND);
            return;
        }
        if (!s.tlsEstablished && !s.plaintextPermitted()) {
            // a refusal like every other, so the administrator's log, events and metrics see it
            s.note(SecurityNote.Kind.TLS_REFUSED, s.peerLabel() + " sent a db:result for " + pair + " without TLS, "
                    + "which the TLS policy does not permit for this peer; answered <policy-violation/>",
                    "RFC 7590 §3.1");
            answerResult(pair, DialbackResultType.ERROR, DialbackError.POLICY_VIOLATION);
            return;
        }
        if (s.authenticated.contains(pair)) {
            answerResult(pair, DialbackResultType.VALID, null);
            return;
        }
        if (s.pendingPairs.contains(pair)) {
            return; // already being judged; one answer will follow
        }
        if (s.authenticated.size() + s.pendingPairs.size() >= s.config.maxDomainPairs()) {
            answerResult(pair, DialbackResultType.ERROR, DialbackError.RESOURCE_CONSTRAINT);
            return;
        }
        if (s.services.dialback() == null) {
            throw s.missing("dialback", "dev.portcullis.dialback");
        }
        String key = e.text().trim();
        s.pendingPairs.add(pair);
        if (s.state == SessionState.FEATURES) {
            s.state = SessionState.DIALBACK;
        }
        CompletionStage<Verification> cert = s.tlsEstablished && !s.peerChain.isEmpty()
                ? s.verificationFor(from) : CompletableFuture.completedFuture(null);
        cert.thenAccept(v -> s.guarded(() -> inboundResultVerified(pair, key, v)));
    }

    void inboundResultVerified(DomainPair pair, String key, Verification v) throws StreamException {
        Dialback dialback = s.services.dialback();
        if (dialback == null) {
            throw s.missing("dialback", "dev.portcullis.dialback");
        }
        if (v != null && v.outcome() == VerificationOutcome.REJECTED) {
            // The verifier forbids this association; dialback must not work around it.
            s.pendingPairs.remove(pair);
            s.note(SecurityNote.Kind.VERIFICATION_FAILED, v.reason(), "RFC 7712 §4");
            answerResult(pair, DialbackResultType.ERROR, DialbackError.NOT_AUTHORIZED);
            afterFailedPair(pair, v.reason(), DialbackError.NOT_AUTHORIZED);
            return;
        }
        DialbackContext ctx = s.dialbackContext(Direction.INBOUND, pair.peer(), pair.local(), evidence(pair, v));
        DialbackDecision d = dialback.permits(ctx);
        if (!d.permitted()) {
            s.pendingPairs.remove(pair);
            s.note(SecurityNote.Kind.DIALBACK_FAILED, d.reason(), d.specSection());
            answerResult(pair, DialbackResultType.ERROR, DialbackError.NOT_AUTHORIZED);
            afterFailedPair(pair, d.reason(), DialbackError.NOT_AUTHORIZED);
            return;
        }
        dialback.receiveResult(ctx, key).whenComplete((o, ex) -> s.host.execute(() -> s.guarded(() -> {
            DialbackOutcome outcome = o != null ? o : new DialbackOutcome(DialbackResultType.ERROR,
                    DialbackError.INTERNAL_SERVER_ERROR, "dialback failed: " + ex, false);
            inboundResultOutcome(pair, outcome);
        })));
    }

    /**
     * The certificate evidence dialback judges a pair by: the verification for the pair's own sender domain when
     * it proves it (XEP-0344 §2.4), else, when the stream's certificate was proven for its peer domain, that
     * proof, so the dialback policy sees a piggybacked domain beside a proven certificate (RFC 7712 §4.4.1) and
     * {@code mode = fallback} can refuse it.
     */
    private Verification evidence(DomainPair pair, Verification forSender) {
        Verification stream = s.verification;
        if ((forSender == null || !forSender.verified()) && stream != null && stream.verified()
                && !pair.peer().equals(s.peerDomain)) {
            return stream;
        }
        return forSender;
    }

    void inboundResultOutcome(DomainPair pair, DialbackOutcome o) throws StreamException {
        if (s.state == SessionState.CLOSED || !s.pendingPairs.remove(pair)) {
            return;
        }
        switch (o.type()) {
            case VALID -> {
                answerResult(pair, DialbackResultType.VALID, null);
                s.authenticated.add(pair);
                AuthMethod m = o.shortcut() ? AuthMethod.DIALBACK_WITH_CERTIFICATE : AuthMethod.DIALBACK;
                if (s.authMethod == AuthMethod.NONE) {
                    s.authMethod = m;
                }
                if (s.state == SessionState.DIALBACK || s.state == SessionState.FEATURES) {
                    s.state = SessionState.ESTABLISHED;
                }
                if (!s.tlsEstablished) {
                    s.note(SecurityNote.Kind.PLAINTEXT, "stanzas from " + pair.peer() + " will arrive without TLS, "
                            + "as the TLS policy permits for this peer", "RFC 7590 §3.1");
                }
                s.host.authenticated(s, pair.local(), pair.peer(), m);
            }
            case INVALID -> {
                s.note(SecurityNote.Kind.DIALBACK_INVALID, "dialback key for " + pair + " is invalid: " + o.reason(),
                        "XEP-0220 §2.2.1");
                if (s.authenticated.isEmpty()) {
                    answerResult(pair, DialbackResultType.INVALID, null);
                    s.host.authenticationFailed(s, pair.local(), pair.peer(), o.reason(),
                            DialbackError.INTERNAL_SERVER_ERROR);
                    // XEP-0220 §2.2.1: first attempt invalid → the stream MUST be closed
                    throw new StreamException(StreamErrorCondition.NOT_AUTHORIZED, "dialback for " + pair.peer()
                            + " failed: " + o.reason());
                }
                answerResult(pair, DialbackResultType.ERROR, DialbackError.FORBIDDEN);
                afterFailedPair(pair, o.reason(), DialbackError.FORBIDDEN);
            }
            case ERROR -> {
                s.note(SecurityNote.Kind.DIALBACK_FAILED, "dialback for " + pair + " failed: " + o.reason(),
                        "XEP-0220 §2.5");
                answerResult(pair, DialbackResultType.ERROR, o.error());
                afterFailedPair(pair, o.reason(), o.error());
            }
            default -> throw new IllegalStateException();
        }
    }

    void afterFailedPair(DomainPair pair, String reason, DialbackError answered) {
        s.host.authenticationFailed(s, pair.local(), pair.peer(), reason, answered);
        if (s.state == SessionState.DIALBACK && s.pendingPairs.isEmpty() && s.authenticated.isEmpty()) {
            s.state = SessionState.FEATURES;
        }
    }

    void answerResult(DomainPair pair, DialbackResultType type, DialbackError error) {
        s.sendElement(DialbackElements.answer("result", pair.local(), pair.peer(), null, type, error));
    }

    /** XEP-0220 §2.2.2: the authoritative server answers a db:verify. */
    void inboundVerify(Element e) throws StreamException {
        String from = Jids.domain(e.attribute("from"));
        String to = Jids.domain(e.attribute("to"));
        String id = e.attribute("id");
        if (from == null || to == null || id == null) {
            throw new StreamException(StreamErrorCondition.IMPROPER_ADDRESSING, s.peerLabel()
                    + " sent a db:verify without 'from', 'to' and 'id' (XEP-0220 §2.1.2)");
        }
        Dialback dialback = s.services.dialback();
        if (dialback == null) {
            throw s.missing("dialback", "dev.portcullis.dialback");
        }
        DialbackResultType type;
        DialbackError error = null;
        if (!s.services.localDomains().contains(to)) {
            type = DialbackResultType.ERROR;
            error = DialbackError.ITEM_NOT_FOUND;
        } else if (!s.tlsEstablished && !s.plaintextPermitted()) {
            type = DialbackResultType.ERROR;
            error = DialbackError.POLICY_VIOLATION;
            s.note(SecurityNote.Kind.TLS_REFUSED, s.peerLabel() + " sent a db:verify for " + to + " -> " + from
                    + " without TLS, which the TLS policy does not permit for this peer; answered <policy-violation/>",
                    "RFC 7590 §3.1");
        } else {
            DialbackOutcome o = dialback.answerVerify(from, to, id, e.text().trim());
            type = o.type();
            error = o.error();
            if (type != DialbackResultType.VALID) {
                // the host logs it, rate-limited per peer (issue 11 item 6); the dialback bundle only debugs
                s.note(SecurityNote.Kind.DIALBACK_INVALID, "we answered the db:verify from " + s.peerLabel() + " with "
                        + "type='" + type.xmlValue() + "': " + o.reason(), "XEP-0220 §2.2.2");
            }
        }
        s.sendElement(DialbackElements.answer("verify", to, from, id, type, error));
    }

    /** RFC 6120 §4.3.5, §8.1.1.1: stanzas only for authenticated pairs. */
    void inboundStanza(Element e) throws StreamException {
        if (s.authenticated.isEmpty()) {
            throw new StreamException(StreamErrorCondition.NOT_AUTHORIZED, s.peerLabel() + " sent a <" + e.name()
                    + "/> stanza before authenticating (RFC 6120 §4.3.5)");
        }
        String from = Jids.domain(e.attribute("from"));
        String to = Jids.domain(e.attribute("to"));
        if (from == null || to == null) {
            throw new StreamException(StreamErrorCondition.IMPROPER_ADDRESSING, s.peerLabel() + " sent a <" + e.name()
                    + "/> without valid 'from' and 'to' (RFC 6120 §4.9.3.7)");
        }
        if (s.authenticated.stream().noneMatch(p -> p.local().equals(to))) {
            // RFC 6120 §8.1.1.2 rule 2: 'to' must be one of our domains validated on this stream
            throw new StreamException(StreamErrorCondition.HOST_UNKNOWN, s.peerLabel() + " sent a stanza to " + to
                    + ", which is not a domain of ours authenticated on this stream (RFC 6120 §8.1.1.2, §4.9.3.6)");
        }
        if (!s.authenticated.contains(new DomainPair(to, from))) {
            // RFC 6120 §8.1.2.2 rule 2: 'from' must be validated for this pair (XEP-0220 §2.6: pairs, not domains)
            throw new StreamException(StreamErrorCondition.INVALID_FROM, s.peerLabel() + " sent a stanza from " + from
                    + " to " + to + ", a domain pair not authenticated on this stream (RFC 6120 §8.1.2.2, §4.9.3.9)");
        }
        s.host.stanza(s, e);
    }
}
