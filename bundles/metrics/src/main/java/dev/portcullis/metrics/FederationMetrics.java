package dev.portcullis.metrics;

import dev.portcullis.api.event.PortcullisEvents;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.function.Supplier;
import dev.portcullis.api.stream.FederationMonitor;

/**
 * The Portcullis event counters, in a registry of their own (not the client's global default, which
 * other bundles in the same framework could share). Written by the Prometheus client, never by hand.
 */
final class FederationMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter authenticated = Counter.builder().name("portcullis_s2s_authenticated")
            .help("Peer domains authenticated on s2s streams (RFC 7590 §3.6)")
            .labelNames("direction", "method").register(registry);
    private final Counter refused = Counter.builder().name("portcullis_s2s_refused")
            .help("s2s streams refused or closed for a security reason, by the clause that refused them")
            .labelNames("clause").register(registry);
    private final Counter policyViolations = Counter.builder().name("portcullis_tls_policy_violations")
            .help("TLS sessions that broke the policy (RFC 9325), by clause")
            .labelNames("clause").register(registry);
    private final Counter certificateChanges = Counter.builder().name("portcullis_dna_certificate_changes")
            .help("Known peers presenting a certificate over a different key (RFC 7590 §3.6)")
            .labelNames("proven").register(registry);
    private final Counter dialbackInvalid = Counter.builder().name("portcullis_dialback_invalid")
            .help("Dialback keys found invalid: forged, replayed or stale (XEP-0220 §2.2)")
            .register(registry);

    FederationMetrics(Supplier<FederationMonitor> monitor) {
        LiveStreams.register(registry, monitor);
    }

    /** Counts one event; topics this class does not know are ignored. */
    void count(String topic, Map<String, ?> properties) {
        switch (topic) {
            case PortcullisEvents.AUTHENTICATED -> authenticated.labelValues(
                    LabelValues.direction(properties.get(PortcullisEvents.PROP_DIRECTION)),
                    LabelValues.method(properties.get(PortcullisEvents.PROP_METHOD))).inc();
            case PortcullisEvents.REFUSED -> refused.labelValues(
                    LabelValues.clause(properties.get(PortcullisEvents.PROP_SPEC))).inc();
            case PortcullisEvents.POLICY_VIOLATION -> policyViolations.labelValues(
                    LabelValues.clause(properties.get(PortcullisEvents.PROP_SPEC))).inc();
            case PortcullisEvents.CERTIFICATE_CHANGED -> certificateChanges.labelValues(
                    String.valueOf(Boolean.TRUE.equals(properties.get(PortcullisEvents.PROP_PROVEN)))).inc();
            case PortcullisEvents.DIALBACK_INVALID -> dialbackInvalid.inc();
            default -> { }
        }
    }

    /** Writes the Prometheus text exposition format (version 0.0.4). */
    void write(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
    }
}
