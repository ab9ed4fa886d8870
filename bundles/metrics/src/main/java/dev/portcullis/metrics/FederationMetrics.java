package dev.portcullis.metrics;

import dev.portcullis.api.event.PortcullisEvents;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
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

    /** Loopback handshakes take milliseconds, a verification with DNS and POSH round trips up to its timeout. */
    private static final double[] LATENCY_BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
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
    private final Counter negotiations = Counter.builder().name("portcullis_s2s_negotiations")
            .help("s2s negotiations by outcome: authenticated, refused, policy_violation, dialback_invalid")
            .labelNames("outcome").register(registry);
    private final Counter dialbackResults = Counter.builder().name("portcullis_dialback_results")
            .help("Dialback keys decided, by role (receiving: db:result, authoritative: db:verify; XEP-0220 §2.1) and result")
            .labelNames("role", "result").register(registry);
    private final Counter dnsLookups = Counter.builder().name("portcullis_dns_lookups")
            .help("Peer domains located in DNS, by the DNSSEC status of the SRV answer (RFC 7673 §3)")
            .labelNames("dnssec").register(registry);
    private final Histogram handshakes = Histogram.builder().name("portcullis_tls_handshake_duration_seconds")
            .help("TLS handshakes on s2s streams that passed the policy, from building the engine to the end of the handshake")
            .labelNames("direction", "tls").classicOnly().classicUpperBounds(LATENCY_BOUNDS).register(registry);
    private final Histogram verifications = Histogram.builder().name("portcullis_dna_verification_duration_seconds")
            .help("Domain verifications (RFC 7712: PKIX, DANE, POSH, with their DNS and HTTPS round trips) by outcome")
            .labelNames("direction", "outcome").classicOnly().classicUpperBounds(LATENCY_BOUNDS).register(registry);

    FederationMetrics(Supplier<FederationMonitor> monitor, java.time.Clock clock) {
        LiveStreams.register(registry, monitor);
        CertificateExpiry.register(registry, monitor, clock);
    }

    /** Counts one event; topics this class does not know are ignored. */
    void count(String topic, Map<String, ?> properties) {
        switch (topic) {
            case PortcullisEvents.AUTHENTICATED -> {
                authenticated.labelValues(LabelValues.direction(properties.get(PortcullisEvents.PROP_DIRECTION)),
                        LabelValues.method(properties.get(PortcullisEvents.PROP_METHOD))).inc();
                negotiations.labelValues("authenticated").inc();
            }
            case PortcullisEvents.REFUSED -> {
                refused.labelValues(LabelValues.clause(properties.get(PortcullisEvents.PROP_SPEC))).inc();
                negotiations.labelValues("refused").inc();
            }
            case PortcullisEvents.POLICY_VIOLATION -> {
                policyViolations.labelValues(LabelValues.clause(properties.get(PortcullisEvents.PROP_SPEC))).inc();
                negotiations.labelValues("policy_violation").inc();
            }
            case PortcullisEvents.CERTIFICATE_CHANGED -> certificateChanges.labelValues(
                    String.valueOf(Boolean.TRUE.equals(properties.get(PortcullisEvents.PROP_PROVEN)))).inc();
            case PortcullisEvents.DIALBACK_INVALID -> {
                dialbackInvalid.inc();
                negotiations.labelValues("dialback_invalid").inc();
            }
            case PortcullisEvents.DIALBACK_RESULT -> dialbackResults.labelValues(
                    LabelValues.role(properties.get(PortcullisEvents.PROP_ROLE)),
                    LabelValues.dialbackResult(properties.get(PortcullisEvents.PROP_RESULT))).inc();
            case PortcullisEvents.LOCATED -> dnsLookups.labelValues(
                    LabelValues.dnssec(properties.get(PortcullisEvents.PROP_DNSSEC))).inc();
            case PortcullisEvents.TLS_HANDSHAKE -> seconds(properties).ifPresent(s -> handshakes.labelValues(
                    LabelValues.direction(properties.get(PortcullisEvents.PROP_DIRECTION)),
                    LabelValues.tls(true, text(properties.get(PortcullisEvents.PROP_PROTOCOL)))).observe(s));
            case PortcullisEvents.VERIFIED -> seconds(properties).ifPresent(s -> verifications.labelValues(
                    LabelValues.direction(properties.get(PortcullisEvents.PROP_DIRECTION)),
                    LabelValues.outcome(properties.get(PortcullisEvents.PROP_OUTCOME))).observe(s));
            default -> { }
        }
    }

    private static java.util.Optional<Double> seconds(Map<String, ?> properties) {
        return properties.get(PortcullisEvents.PROP_SECONDS) instanceof Number n && n.doubleValue() >= 0
                && Double.isFinite(n.doubleValue()) ? java.util.Optional.of(n.doubleValue()) : java.util.Optional.empty();
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }

    /** Writes the Prometheus text exposition format (version 0.0.4). */
    void write(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
    }
}
