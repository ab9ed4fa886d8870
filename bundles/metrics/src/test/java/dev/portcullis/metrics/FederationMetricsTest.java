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
        FederationMetrics metrics = new FederationMetrics(() -> null);
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
        FederationMetrics metrics = new FederationMetrics(() -> null);
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
        FederationMetrics metrics = new FederationMetrics(() -> null);
        metrics.count(PortcullisEvents.POLICY_VIOLATION, Map.of("spec", "RFC 9325 §4.1"));
        metrics.count(PortcullisEvents.CERTIFICATE_CHANGED, Map.of("proven", Boolean.TRUE));
        metrics.count(PortcullisEvents.DIALBACK_INVALID, Map.of());
        metrics.count(PortcullisEvents.DIALBACK_INVALID, Map.of());
        metrics.count("dev/portcullis/unknown/TOPIC", Map.of());
        List<String> samples = samples(metrics);
        assertTrue(samples.contains("portcullis_tls_policy_violations_total{clause=\"RFC 9325 §4.1\"} 1.0"), samples::toString);
        assertTrue(samples.contains("portcullis_dna_certificate_changes_total{proven=\"true\"} 1.0"), samples::toString);
        assertTrue(samples.contains("portcullis_dialback_invalid_total 2.0"), samples::toString);
        // unknown topics add nothing; counters that saw no event write no sample
        assertEquals(3, samples.size(), samples::toString);
    }
}
