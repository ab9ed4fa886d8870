package dev.portcullis.dna.posh;

import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.dna.core.names.DomainName;
import dev.portcullis.dna.core.posh.MalformedPoshException;
import dev.portcullis.dna.core.posh.PoshDocument;
import dev.portcullis.dna.core.posh.PoshDocumentParser;
import dev.portcullis.dna.core.posh.PoshMatcher;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The POSH prooftype (RFC 7711, RFC 7712 §5.2, service name {@code xmpp-server} per RFC 7712 §9.2): the peer
 * domain's HTTPS server publishes fingerprints of the XMPP server's certificate, directly or by one reference to
 * its hosting provider (secure delegation, RFC 7712 §6).
 */
final class PoshProoftype {
    static final String NAME = "posh";
    static final String WELL_KNOWN = "/.well-known/posh/xmpp-server.json";
    /** How long "no document" and "does not match" hold before POSH is asked again. */
    static final Duration NEGATIVE_LIFETIME = Duration.ofMinutes(5);

    private final PoshFetcher fetcher;
    private final PoshDocumentParser parser = new PoshDocumentParser();
    private final PoshCache cache;
    private final Clock clock;
    private final Duration maxCache;
    private final int httpsPort;

    /**
     * @param httpsPort 443 in production; tests serve POSH from an ephemeral loopback port
     */
    PoshProoftype(PoshFetcher fetcher, Clock clock, Duration maxCache, int httpsPort) {
        this.fetcher = fetcher;
        this.cache = new PoshCache(clock);
        this.clock = clock;
        this.maxCache = maxCache;
        this.httpsPort = httpsPort;
    }

    CompletionStage<ProofResult> prove(VerificationRequest request) {
        String peer = request.peerDomain();
        if (request.chain().isEmpty()) {
            return CompletableFuture.completedFuture(result(ProofStatus.NOT_APPLICABLE, peer
                    + " presented no certificate", "RFC 7711 §3.3", negative()));
        }
        PoshMaterial cached = cache.get(peer);
        if (cached != null) {
            return CompletableFuture.completedFuture(judge(peer, request.chain().get(0), cached));
        }
        URI url;
        try {
            String host = DomainName.of(peer).ascii();
            url = new URI("https", null, host, httpsPort == 443 ? -1 : httpsPort, WELL_KNOWN, null, null);
        } catch (Exception e) {
            return CompletableFuture.completedFuture(result(ProofStatus.ERROR, "'" + peer
                    + "' cannot be made into a POSH URI: " + e.getMessage(), "RFC 7711 §3", null));
        }
        return fetcher.fetch(url).thenCompose(first -> material(peer, url, first)).thenApply(outcome -> {
            if (outcome instanceof ProofResult r) {
                return r;
            }
            PoshMaterial m = (PoshMaterial) outcome;
            cache.put(peer, m);
            return judge(peer, request.chain().get(0), m);
        });
    }

    /** Completes with {@link PoshMaterial} or, when there is none, the {@link ProofResult} saying why. */
    private CompletionStage<Object> material(String peer, URI url, FetchResult first) {
        Instant now = clock.instant();
        if (first instanceof FetchResult.NotFound) {
            return done(result(ProofStatus.NOT_APPLICABLE, peer + " publishes no POSH document (" + url
                    + " answered 404)", "RFC 7711 §3", negative()));
        }
        if (first instanceof FetchResult.Failure f) {
            return done(result(ProofStatus.ERROR, "POSH for " + peer + ": " + f.reason(), "RFC 7711 §3", null));
        }
        PoshDocument doc;
        try {
            doc = parser.parse(((FetchResult.Body) first).bytes());
        } catch (MalformedPoshException e) {
            return done(malformed(peer, url, e));
        }
        if (doc.expires() == 0) {
            return done(result(ProofStatus.ERROR, "the POSH document of " + peer + " at " + url + " has expires 0, "
                    + "which declares it invalid", "RFC 7711 §3.1, §3.2", null));
        }
        if (doc instanceof PoshDocument.Fingerprints fp) {
            return done(new PoshMaterial(fp.descriptors(), until(now, fp.expires()), url.toString()));
        }
        PoshDocument.Reference ref = (PoshDocument.Reference) doc;
        // RFC 7711 §3.2: one hop; the referenced document must hold fingerprints, never another url
        return fetcher.fetch(ref.url()).thenApply(second -> {
            if (second instanceof FetchResult.NotFound) {
                return result(ProofStatus.ERROR, peer + " delegates POSH to " + ref.url() + ", which answered 404",
                        "RFC 7711 §3.2", null);
            }
            if (second instanceof FetchResult.Failure f) {
                return result(ProofStatus.ERROR, "POSH for " + peer + " via its reference: " + f.reason(),
                        "RFC 7711 §3.2", null);
            }
            PoshDocument target;
            try {
                target = parser.parse(((FetchResult.Body) second).bytes());
            } catch (MalformedPoshException e) {
                return malformed(peer, ref.url(), e);
            }
            if (target instanceof PoshDocument.Reference) {
                return result(ProofStatus.ERROR, "POSH for " + peer + ": " + ref.url() + " is another reference; "
                        + "references are followed one hop only, to prevent circular delegations", "RFC 7711 §3.2",
                        null);
            }
            if (target.expires() == 0) {
                return result(ProofStatus.ERROR, "the POSH document at " + ref.url() + " has expires 0, which "
                        + "declares it invalid", "RFC 7711 §3.1", null);
            }
            Instant until = until(now, Math.min(ref.expires(), target.expires()));
            return new PoshMaterial(((PoshDocument.Fingerprints) target).descriptors(), until,
                    url + " -> " + ref.url());
        });
    }

    private ProofResult judge(String peer, X509Certificate cert, PoshMaterial m) {
        PoshMatcher.Result match = PoshMatcher.judge(m.descriptors(), cert, clock.instant());
        return switch (match.outcome()) {
            case OUTSIDE_VALIDITY -> result(ProofStatus.DISPROVEN, "the certificate of " + peer + " is outside its "
                    + "validity period (not after " + cert.getNotAfter().toInstant() + ")",
                    "RFC 7711 §6, RFC 5280 §4.1.2.5", negative());
            case MATCH -> result(ProofStatus.PROVEN, "the " + match.hash() + " fingerprint published for " + peer
                    + " (" + m.source() + ") matches its certificate", "RFC 7711 §3.3",
                    m.validUntil().isBefore(cert.getNotAfter().toInstant()) ? m.validUntil()
                            : cert.getNotAfter().toInstant());
            case NO_MATCH -> result(ProofStatus.DISPROVEN, "no fingerprint published for " + peer + " (" + m.source()
                    + ") matches the certificate it presented; if it renewed its certificate, it must update the POSH "
                    + "document", "RFC 7711 §3.3", negative());
        };
    }

    private Instant until(Instant now, long expiresSeconds) {
        return now.plus(Duration.ofSeconds(Math.min(expiresSeconds, maxCache.toSeconds())));
    }

    private Instant negative() {
        return clock.instant().plus(NEGATIVE_LIFETIME);
    }

    private static ProofResult malformed(String peer, URI url, MalformedPoshException e) {
        return new ProofResult(NAME, ProofStatus.ERROR, "the POSH document of " + peer + " at " + url
                + " is malformed: " + e.getMessage(), "RFC 7711 §3.1, §3.2", null);
    }

    private static ProofResult result(ProofStatus status, String reason, String section, Instant until) {
        return new ProofResult(NAME, status, reason, section, until);
    }

    private static CompletionStage<Object> done(Object o) {
        return CompletableFuture.completedFuture(o);
    }
}
