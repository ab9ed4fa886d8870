package dev.portcullis.dna.pkix;

import dev.portcullis.dna.DnaSettings.RevocationPolicy;
import dev.portcullis.dna.core.fingerprint.Fingerprints;
import dev.portcullis.dna.core.pkix.ChainValidator;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateRevokedException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Revocation checking of the peer's end-entity certificate (RFC 5280 §6.3, RFC 6120 §13.7.2 step 5), in the
 * order that costs the least: the peer's stapled OCSP response (RFC 6066 §8), a cached answer, the OCSP
 * responders its AIA extension names (RFC 6960), then its CRL distribution points (RFC 5280 §4.2.1.13).
 *
 * <p>Fetching is asynchronous (OkHttp, bounded by {@code pkix.revocation.timeout-ms}); each answer is then
 * judged by the JDK's {@link PKIXRevocationChecker} on {@code executor} — signature, responder authorisation
 * (RFC 6960 §4.2.2.2), freshness at the validation time — handed over with {@code setOcspResponses} or a
 * {@link CertStore}, and {@code NO_FALLBACK}, so the JDK itself never goes to the network. Only the end entity
 * is checked: intermediates' status is left to the CA hierarchy's own lifetimes.
 */
final class RevocationCheck {
    private static final String STAPLE = "the OCSP response the peer stapled";

    private final RevocationPolicy policy;
    private final RevocationFetcher fetcher;
    private final RevocationCache cache;
    private final Executor executor;

    /** @param fetcher may be {@code null} when {@code policy} is {@link RevocationPolicy#OFF} */
    private final Duration budget;

    /**
     * @param budget the whole check's time limit, however many responders and CRLs the certificate names; the
     *               verifier's own timeout must be longer ({@link PkixProoftypeComponent#revocationBudget})
     */
    RevocationCheck(RevocationPolicy policy, RevocationFetcher fetcher, RevocationCache cache, Executor executor,
                    Duration budget) {
        if (policy != RevocationPolicy.OFF && fetcher == null) {
            throw new IllegalArgumentException("fetching policy " + policy + " needs a fetcher");
        }
        this.policy = policy;
        this.fetcher = fetcher;
        this.cache = cache;
        this.executor = executor;
        this.budget = budget;
    }

    RevocationPolicy policy() {
        return policy;
    }

    /** @param path the validated path, end entity first, as {@link ChainValidator#order} built it */
    CompletionStage<RevocationStatus> check(List<X509Certificate> path, Set<TrustAnchor> anchors, byte[] staple,
                                            Instant at) {
        X509Certificate ee = path.get(0);
        X509Certificate issuer = path.size() > 1 ? path.get(1) : ChainValidator.anchorIssuing(ee, anchors);
        // written by whichever thread an attempt completes on, read when the budget runs out
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        if (staple != null) {
            RevocationStatus s = judgeOcsp(path, anchors, staple, STAPLE, at);
            if (s.kind() != RevocationStatus.Kind.UNKNOWN) {
                return CompletableFuture.completedFuture(s);
            }
            problems.add(s.detail());
        }
        if (policy == RevocationPolicy.OFF) {
            return CompletableFuture.completedFuture(problems.isEmpty()
                    ? new RevocationStatus(RevocationStatus.Kind.NOT_CHECKED, "not checked (pkix.revocation = off)", null)
                    : RevocationStatus.unknown(joined(problems)));
        }
        String key = Fingerprints.certificate(ee);
        var cached = cache.ocsp(key);
        if (cached.isPresent()) {
            RevocationStatus s = judgeOcsp(path, anchors, cached.get(), "a cached OCSP response", at);
            if (s.kind() != RevocationStatus.Kind.UNKNOWN) {
                return CompletableFuture.completedFuture(s);
            }
        }
        RevocationPointers pointers = RevocationPointers.of(ee);
        if (pointers.isEmpty()) {
            problems.add("the certificate names no OCSP responder and no CRL distribution point (RFC 5280 §4.2.2.1, "
                    + "§4.2.1.13)");
            // asking again cannot help: this finding lasts as long as the certificate
            return CompletableFuture.completedFuture(new RevocationStatus(RevocationStatus.Kind.UNPUBLISHED,
                    joined(problems), ee.getNotAfter().toInstant()));
        }
        if (issuer == null) {
            problems.add("its issuer's certificate is not known, so no OCSP request can be made");
        }
        List<Supplier<CompletionStage<RevocationStatus>>> attempts = new ArrayList<>();
        if (issuer != null) {
            for (URI responder : pointers.ocsp()) {
                attempts.add(() -> askOcsp(path, anchors, ee, issuer, responder, key, at));
            }
        }
        for (URI url : pointers.crl()) {
            attempts.add(() -> askCrl(path, anchors, url, at));
        }
        return firstAnswer(attempts.iterator(), problems).toCompletableFuture()
                .orTimeout(budget.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .exceptionally(e -> RevocationStatus.unknown("no OCSP responder or CRL answered within "
                        + budget.toMillis() + " ms" + (problems.isEmpty() ? "" : " (" + joined(problems) + ")")));
    }

    private static String joined(List<String> problems) {
        synchronized (problems) {
            return String.join("; ", problems);
        }
    }

    private CompletionStage<RevocationStatus> firstAnswer(Iterator<Supplier<CompletionStage<RevocationStatus>>> next,
                                                          List<String> problems) {
        if (!next.hasNext()) {
            return CompletableFuture.completedFuture(RevocationStatus.unknown(joined(problems)));
        }
        CompletionStage<RevocationStatus> attempt;
        try {
            attempt = next.next().get();
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        return attempt.handle((s, e) -> {
            if (e != null) {
                problems.add(message(e));
                return null;
            }
            if (s.kind() == RevocationStatus.Kind.UNKNOWN) {
                problems.add(s.detail());
                return null;
            }
            return s;
        }).thenCompose(s -> s != null ? CompletableFuture.completedFuture(s) : firstAnswer(next, problems));
    }

    private CompletionStage<RevocationStatus> askOcsp(List<X509Certificate> path, Set<TrustAnchor> anchors,
                                                      X509Certificate ee, X509Certificate issuer, URI responder,
                                                      String key, Instant at) {
        byte[] request;
        try {
            request = OcspMessages.request(ee, issuer);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return fetcher.ocsp(responder, request).thenApplyAsync(response -> {
            RevocationStatus s = judgeOcsp(path, anchors, response, "the OCSP responder " + responder, at);
            if (s.kind() != RevocationStatus.Kind.UNKNOWN) {
                cache.putOcsp(key, response, s.nextUpdate());
            }
            return s;
        }, executor);
    }

    private CompletionStage<RevocationStatus> askCrl(List<X509Certificate> path, Set<TrustAnchor> anchors, URI url,
                                                     Instant at) {
        String source = "the CRL at " + url;
        var cached = cache.crl(url.toString());
        CompletionStage<X509CRL> crl = cached.isPresent() ? CompletableFuture.completedFuture(cached.get())
                : fetcher.crl(url);
        return crl.thenApplyAsync(c -> {
            RevocationStatus s = judge(path, anchors, null, List.of(c), source, at,
                    c.getNextUpdate() == null ? null : c.getNextUpdate().toInstant());
            if (s.kind() != RevocationStatus.Kind.UNKNOWN) {
                cache.putCrl(url.toString(), c);
            }
            return s;
        }, executor);
    }

    private static RevocationStatus judgeOcsp(List<X509Certificate> path, Set<TrustAnchor> anchors, byte[] response,
                                              String source, Instant at) {
        return judge(path, anchors, response, List.of(), source, at,
                OcspMessages.nextUpdate(response, path.get(0)).orElse(null));
    }

    /** The JDK's verdict on one answer: OCSP {@code response}, or {@code crls} when it is null. */
    private static RevocationStatus judge(List<X509Certificate> path, Set<TrustAnchor> anchors, byte[] response,
                                          List<X509CRL> crls, String source, Instant at, Instant nextUpdate) {
        try {
            CertPathValidator validator = CertPathValidator.getInstance("PKIX");
            PKIXRevocationChecker checker = (PKIXRevocationChecker) validator.getRevocationChecker();
            EnumSet<PKIXRevocationChecker.Option> options = EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY,
                    PKIXRevocationChecker.Option.NO_FALLBACK);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setDate(Date.from(at));
            if (response != null) {
                checker.setOcspResponses(Map.of(path.get(0), response));
            } else {
                options.add(PKIXRevocationChecker.Option.PREFER_CRLS);
                params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
            }
            checker.setOptions(options);
            params.setRevocationEnabled(true);
            params.addCertPathChecker(checker);
            validator.validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
            return new RevocationStatus(RevocationStatus.Kind.GOOD, "not revoked according to " + source, nextUpdate);
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                return new RevocationStatus(RevocationStatus.Kind.REVOKED, revoked(e, source), nextUpdate);
            }
            return RevocationStatus.unknown(source + " cannot be used: " + e.getMessage());
        } catch (GeneralSecurityException | RuntimeException e) {
            return RevocationStatus.unknown(source + " cannot be used: " + e.getMessage());
        }
    }

    private static String revoked(CertPathValidatorException e, String source) {
        if (e.getCause() instanceof CertificateRevokedException r) {
            return "revoked since " + r.getRevocationDate().toInstant() + " (reason: " + r.getRevocationReason()
                    + ") according to " + source;
        }
        return "revoked according to " + source;
    }

    private static String message(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
