package dev.portcullis.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.event.PortcullisEvents;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FederationMetricsTest {

    private static List<String> samples(FederationMetrics metrics) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        return out.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
    }

    @Test
    @DisplayName("authentications are counted by direction and method (RFC 7590 §3.6)")
    void authenticatedByDirectionAndMethod() throws Exception {
        FederationMetrics metrics = new FederationMetrics(() -> null, java.time.Clock.systemUTC());
        metrics.count(PortcullisEvents.AUTHENTICATED, Map.of("direction", "INBOUND", "method", "SASL_EXTERNAL"));
        metrics.count(PortcullisEvents.AUTHENTICATED, Map.of("direction", "INBOUND", "method", "SASL_EXTERNAL"));
        metrics.count(PortcullisEvents.AUTHENTICATED, Map.of("direction", "OUTBOUND", "method", "DIALBACK"));
        List<String> samples = samples(metrics);
        assertTrue(samples.contains("portcullis_s2s_authenticated_total{direction=\"inbound\",method=\"sasl_external\"} 2.0"), samples::toString);
        assertTrue(samples.contains("portcullis_s2s_authenticated_total{direction=\"outbound\",method=\"dialback\"} 1.0"), samples::toString);
    }

    @Test
    @DisplayName("refusals are labelled by the RFC clause; peer text never becomes a label value")
    void refusalClauseBounded() throws Exception {
        FederationMetrics metrics = new FederationMetrics(() -> null, java.time.Clock.systemUTC());
        metrics.count(PortcullisEvents.REFUSED, Map.of("spec", "RFC 6120 §4.9.3.13", "reason", "x"));
        metrics.count(PortcullisEvents.REFUSED, Map.of("spec", "evil\"} 1\nfake_metric 9", "domain", "evil.example"));
        metrics.count(PortcullisEvents.AUTHENTICATED, Map.of("direction", "sideways", "method", "<script>"));
        List<String> samples = samples(metrics);
        assertTrue(samples.contains("portcullis_s2s_refused_total{clause=\"RFC 6120 §4.9.3.13\"} 1.0"), samples::toString);
        assertTrue(samples.contains("portcullis_s2s_refused_total{clause=\"other\"} 1.0"), samples::toString);
        assertTrue(samples.contains("portcullis_s2s_authenticated_total{direction=\"other\",method=\"other\"} 1.0"), samples::toString);
        assertFalse(samples.stream().anyMatch(l -> l.contains("evil") || l.contains("fake_metric") || l.contains("script")), samples::toString);
    }

    @Test
    @DisplayName("policy violations, certificate changes and invalid dialback keys (XEP-0220 §2.2) are counted")
    void otherTopics() throws Exception {
        FederationMetrics metrics = new FederationMetrics(() -> null, java.time.Clock.systemUTC());
        metrics.count(PortcullisEvents.POLICY_VIOLATION, Map.of("spec", "RFC 9325 §4.1"));
        metrics.count(PortcullisEvents.CERTIFICATE_CHANGED, Map.of("proven", Boolean.TRUE));
        metrics.count(PortcullisEvents.DIALBACK_INVALID, Map.of());
        metrics.count(PortcullisEvents.DIALBACK_INVALID, Map.of());
        metrics.count("dev/portcullis/unknown/TOPIC", Map.of());
        List<String> samples = samples(metrics);
        assertTrue(samples.contains("portcullis_tls_policy_violations_total{clause=\"RFC 9325 §4.1\"} 1.0"), samples::toString);
        assertTrue(samples.contains("portcullis_dna_certificate_changes_total{proven=\"true\"} 1.0"), samples::toString);
        assertTrue(samples.contains("portcullis_dialback_invalid_total 2.0"), samples::toString);
        assertTrue(samples.contains("portcullis_s2s_negotiations_total{outcome=\"dialback_invalid\"} 2.0"), samples::toString);
        assertTrue(samples.contains("portcullis_s2s_negotiations_total{outcome=\"policy_violation\"} 1.0"), samples::toString);
        // unknown topics add nothing; counters that saw no event write no sample (the expiring-streams gauge: 3 zeros)
        assertEquals(8, samples.size(), samples::toString);
    }

    @Test
    @DisplayName("handshake and verification latency histograms, DNSSEC status counts and dialback results (XEP-0220 §2.1)")
    void latencyDnssecAndDialback() throws Exception {
        FederationMetrics metrics = new FederationMetrics(() -> null, java.time.Clock.systemUTC());
        metrics.count(PortcullisEvents.TLS_HANDSHAKE, Map.of("direction", "INBOUND", "protocol", "TLSv1.3", "seconds", 0.02));
        metrics.count(PortcullisEvents.TLS_HANDSHAKE, Map.of("direction", "INBOUND", "protocol", "TLSv1.3", "seconds", -1.0));
        metrics.count(PortcullisEvents.VERIFIED, Map.of("direction", "OUTBOUND", "outcome", "VERIFIED", "seconds", 0.3));
        metrics.count(PortcullisEvents.LOCATED, Map.of("dnssec", "BOGUS", "domain", "x.example"));
        metrics.count(PortcullisEvents.LOCATED, Map.of("dnssec", "SECURE"));
        metrics.count(PortcullisEvents.LOCATED, Map.of("dnssec", "made-up"));
        metrics.count(PortcullisEvents.DIALBACK_RESULT, Map.of("role", "receiving", "result", "VALID"));
        metrics.count(PortcullisEvents.DIALBACK_RESULT, Map.of("role", "authoritative", "result", "INVALID"));
        List<String> samples = samples(metrics);
        assertTrue(samples.contains("portcullis_tls_handshake_duration_seconds_bucket{direction=\"inbound\",tls=\"TLSv1.3\",le=\"0.01\"} 0"), samples::toString);
        assertTrue(samples.contains("portcullis_tls_handshake_duration_seconds_bucket{direction=\"inbound\",tls=\"TLSv1.3\",le=\"0.025\"} 1"), samples::toString);
        assertTrue(samples.contains("portcullis_tls_handshake_duration_seconds_count{direction=\"inbound\",tls=\"TLSv1.3\"} 1"), "a negative duration is dropped: " + samples);
        assertTrue(samples.contains("portcullis_dna_verification_duration_seconds_count{direction=\"outbound\",outcome=\"verified\"} 1"), samples::toString);
        assertTrue(samples.contains("portcullis_dns_lookups_total{dnssec=\"bogus\"} 1.0"), samples::toString);
        assertTrue(samples.contains("portcullis_dns_lookups_total{dnssec=\"secure\"} 1.0"), samples::toString);
        assertTrue(samples.contains("portcullis_dns_lookups_total{dnssec=\"other\"} 1.0"), samples::toString);
        assertTrue(samples.contains("portcullis_dialback_results_total{result=\"valid\",role=\"receiving\"} 1.0"), samples::toString);
        assertTrue(samples.contains("portcullis_dialback_results_total{result=\"invalid\",role=\"authoritative\"} 1.0"), samples::toString);
        assertFalse(samples.stream().anyMatch(l -> l.contains("x.example")), samples::toString);
    }
}
