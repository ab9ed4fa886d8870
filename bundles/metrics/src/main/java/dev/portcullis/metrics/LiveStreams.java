package dev.portcullis.metrics;

import dev.portcullis.api.stream.FederationMonitor;
import dev.portcullis.api.stream.StreamSecurity;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code portcullis_s2s_streams}: the live streams of the host's {@link FederationMonitor} at scrape time,
 * by direction, TLS protocol, authentication method and prooftype (RFC 7590 §3.6), every label bounded.
 */
final class LiveStreams {

    private LiveStreams() {
    }

    static void register(PrometheusRegistry registry, Supplier<FederationMonitor> monitor) {
        GaugeWithCallback.builder().name("portcullis_s2s_streams")
                .help("Live s2s streams by direction, TLS protocol, authentication method and prooftype")
                .labelNames("direction", "tls", "method", "prooftype")
                .callback(callback -> {
                    FederationMonitor m = monitor.get();
                    List<StreamSecurity> streams = m == null ? List.of() : m.streams();
                    Map<List<String>, Long> counts = streams.stream().collect(Collectors.groupingBy(s -> List.of(
                            LabelValues.direction(s.direction().name()),
                            LabelValues.tls(s.encrypted(), s.tlsProtocol()),
                            LabelValues.method(s.authMethod().name()),
                            LabelValues.prooftype(s.provenBy())), Collectors.counting()));
                    counts.forEach((labels, n) -> callback.call(n, labels.toArray(String[]::new)));
                })
                .register(registry);
    }
}
