package dev.portcullis.dna.locator;

import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.dna.core.dns.AnswerClassifier;
import dev.portcullis.dna.core.dns.DnsAnswer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Type;

/**
 * Asynchronous, caching, DNSSEC-validating DNS queries: a {@link org.xbill.DNS.dnssec.ValidatingResolver}
 * does all validation (RFC 4035 §5); this class only asks, classifies and caches.
 */
public final class DnsClient {
    private final Resolver validating;
    private final Clock clock;
    private final Duration maxTtl;
    private final Executor executor;
    private final AnswerCache cache;

    /**
     * @param validating a ValidatingResolver over the configured servers, with trust anchors loaded
     * @param executor   runs the resolver's callbacks; never an I/O thread of the host
     */
    public DnsClient(Resolver validating, Clock clock, Duration maxTtl, int maxEntries, Executor executor) {
        this.validating = validating;
        this.clock = clock;
        this.maxTtl = maxTtl;
        this.executor = executor;
        this.cache = new AnswerCache(clock, maxEntries);
    }

    /** Looks up one RRset. Never completes exceptionally: failures are INDETERMINATE answers. */
    public CompletionStage<DnsAnswer> query(Name name, int type) {
        String key = name + "/" + Type.string(type);
        DnsAnswer cached = cache.get(key);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        Message query = Message.newQuery(org.xbill.DNS.Record.newRecord(name, type, DClass.IN));
        CompletionStage<Message> sent;
        try {
            sent = validating.sendAsync(query, executor);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((response, failure) -> {
            DnsAnswer answer;
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                answer = new DnsAnswer(DnssecStatus.INDETERMINATE, -1, List.of(), clock.instant(),
                        "no answer for " + name + " " + Type.string(type) + ": " + cause);
            } else {
                answer = AnswerClassifier.classify(response, type, clock.instant(), maxTtl);
                if (!answer.failed()) {
                    cache.put(key, answer);
                }
            }
            return answer;
        });
    }
}
