package dev.portcullis.dialback;

import dev.portcullis.api.dialback.OutboundStreams;
import dev.portcullis.api.dialback.VerifyAnswer;
import dev.portcullis.api.dialback.VerifyQuery;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * The host's {@link OutboundStreams}, fetched from its {@link ComponentServiceObjects} for each call instead of
 * when dialback activates. The host's s2s component references {@code Dialback} and provides
 * {@code OutboundStreams}: fetching it during activation would be a circular service lookup (SCR logs
 * "Circular reference detected" and the reference stays empty). Fetching per call breaks that cycle.
 */
final class HostOutboundStreams implements OutboundStreams {

    private final ComponentServiceObjects<OutboundStreams> objects;

    HostOutboundStreams(ComponentServiceObjects<OutboundStreams> objects) {
        this.objects = objects;
    }

    @Override
    public CompletionStage<VerifyAnswer> verify(VerifyQuery query) {
        return call(s -> s.verify(query));
    }

    @Override
    public CompletionStage<Optional<X509Certificate>> authoritativeCertificate(String receivingDomain,
                                                                              String authoritativeDomain) {
        return call(s -> s.authoritativeCertificate(receivingDomain, authoritativeDomain));
    }

    private <T> CompletionStage<T> call(Function<OutboundStreams, CompletionStage<T>> action) {
        OutboundStreams service = objects.getService();
        if (service == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "the host's OutboundStreams service is registered but could not be obtained"));
        }
        try {
            return action.apply(service);
        } finally {
            // The stage outlives this call; the host keeps its stream state itself (docs/ARCHITECTURE.md: stream state lives in the host).
            objects.ungetService(service);
        }
    }
}
