package dev.portcullis.dialback;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dialback.DialbackContext;
import dev.portcullis.api.dialback.OutboundStreams;
import dev.portcullis.api.dialback.VerifyAnswer;
import dev.portcullis.api.dialback.VerifyQuery;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.Verification;
import dev.portcullis.api.dna.VerificationOutcome;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Shared test values: the domains and secrets of the XEP-0220 §2 examples, contexts, fakes. */
final class Fixtures {

    static final String CAPULET = "capulet.example";
    static final String MONTAGUE = "montague.example";
    /** XEP-0220 §2: "The shared secret within the capulet.example domain". */
    static final String CAPULET_SECRET = "s3cr3tf0rd14lb4ck";
    /** XEP-0220 §2: "The shared secret within the montague.example domain". */
    static final String MONTAGUE_SECRET = "d14lb4ck43v3r";

    private Fixtures() {
    }

    static DialbackSettings settings(Map<String, String> values) {
        SettingsParser.Parsed parsed = SettingsParser.parse(values);
        if (!parsed.accepted()) {
            throw new AssertionError("test settings rejected: " + parsed.rejections());
        }
        return parsed.settings();
    }

    static DialbackSettings settings(String... keyValues) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return settings(map);
    }

    static DialbackSettings withTimeout(DialbackSettings s, Duration timeout) {
        return new DialbackSettings(s.mode(), s.secret(), s.previousSecret(), s.previousGrace(), timeout, s.resultLimit(),
                s.resultWindow(), s.requireProofDomains(), s.dialbackDomains(), s.hostedDomains());
    }

    /** An inbound db:result on a TLS stream whose certificate nothing proved. */
    static DialbackContext inbound(String streamId, String originating, String receiving) {
        return new DialbackContext(Direction.INBOUND, streamId, originating, receiving, true, false,
                unverified(originating), List.of());
    }

    static DialbackContext inbound(String streamId, String originating, String receiving, boolean tls,
                                   boolean plaintextPermitted, Verification certificate, List<X509Certificate> chain) {
        return new DialbackContext(Direction.INBOUND, streamId, originating, receiving, tls, plaintextPermitted,
                certificate, chain);
    }

    static DialbackContext outbound(String streamId, String originating, String receiving, Verification certificate) {
        return new DialbackContext(Direction.OUTBOUND, streamId, originating, receiving, true, false, certificate,
                List.of());
    }

    static Verification verified(String domain) {
        return new Verification(domain, VerificationOutcome.VERIFIED, "pkix",
                List.of(new ProofResult("pkix", ProofStatus.PROVEN, "chain to a trusted root names " + domain,
                        "RFC 6125 §6", null)), null, null, "proven by pkix");
    }

    static Verification unverified(String domain) {
        return new Verification(domain, VerificationOutcome.UNVERIFIED, null,
                List.of(new ProofResult("pkix", ProofStatus.NOT_APPLICABLE, "self-signed certificate",
                        "RFC 6125 §6", null)), null, null, "no prooftype proved " + domain);
    }

    static Verification rejected(String domain) {
        return new Verification(domain, VerificationOutcome.REJECTED, null,
                List.of(new ProofResult("dane", ProofStatus.DISPROVEN, "secure TLSA records match nothing",
                        "RFC 7673 §3", null)), null, null, "DANE contradicts the certificate of " + domain);
    }

    /** The host's OutboundStreams, answering with a function; records every db:verify sent. */
    static final class FakeOutboundStreams implements OutboundStreams {
        final List<VerifyQuery> queries = new ArrayList<>();
        private final Function<VerifyQuery, CompletionStage<VerifyAnswer>> responder;
        private volatile Optional<X509Certificate> authoritativeCertificate = Optional.empty();
        volatile int certificateRequests;

        FakeOutboundStreams(Function<VerifyQuery, CompletionStage<VerifyAnswer>> responder) {
            this.responder = responder;
        }

        /** Relays each db:verify to another server's authoritative role, as a real stream would. */
        static FakeOutboundStreams relayingTo(DialbackService authoritative) {
            return new FakeOutboundStreams(q -> {
                var outcome = authoritative.answerVerify(q.receivingDomain(), q.authoritativeDomain(), q.streamId(), q.key());
                return CompletableFuture.completedFuture(new VerifyAnswer(outcome.type(), outcome.error(), outcome.reason()));
            });
        }

        /** An authoritative server that is never heard from again. */
        static FakeOutboundStreams neverAnswering() {
            return new FakeOutboundStreams(q -> new CompletableFuture<>());
        }

        static FakeOutboundStreams answering(VerifyAnswer answer) {
            return new FakeOutboundStreams(q -> CompletableFuture.completedFuture(answer));
        }

        FakeOutboundStreams presentingCertificate(X509Certificate certificate) {
            this.authoritativeCertificate = Optional.of(certificate);
            return this;
        }

        synchronized int sent() {
            return queries.size();
        }

        @Override
        public CompletionStage<VerifyAnswer> verify(VerifyQuery query) {
            synchronized (this) {
                queries.add(query);
            }
            return responder.apply(query);
        }

        @Override
        public CompletionStage<Optional<X509Certificate>> authoritativeCertificate(String receivingDomain,
                                                                                  String authoritativeDomain) {
            certificateRequests++;
            return CompletableFuture.completedFuture(authoritativeCertificate);
        }
    }

    /** Collects posted events. */
    static final class RecordingEventAdmin implements EventAdmin {
        final List<Event> events = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void postEvent(Event event) {
            events.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            events.add(event);
        }
    }
}
