package dev.portcullis.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.api.stream.FederationMonitor;
import dev.portcullis.api.stream.LocalCertificate;
import dev.portcullis.api.stream.StreamSecurity;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CertificateExpiryTest {

    @Test
    @DisplayName("our certificates export their notAfter as a Unix timestamp per local domain (RFC 6120 §13.7.2)")
    void localCertificateExpiryTimestamps() throws Exception {
        Instant notAfter = Instant.parse("2027-01-31T12:00:00Z");
        FederationMonitor monitor = new FederationMonitor() {
            @Override
            public List<StreamSecurity> streams() {
                return List.of();
            }

            @Override
            public Optional<StreamSecurity> stream(String streamId) {
                return Optional.empty();
            }

            @Override
            public List<X509Certificate> peerChain(String streamId) {
                return List.of();
            }

            @Override
            public List<LocalCertificate> localCertificates() {
                return List.of(new LocalCertificate("a.test", "/etc/letsencrypt/live/a/fullchain.pem", "CN=a.test",
                        "AB:CD", notAfter, 30, Instant.EPOCH), new LocalCertificate("Bad Domain\"}", "f", "CN=x", "AB",
                        notAfter, null, Instant.EPOCH));
            }
        };
        FederationMetrics metrics = new FederationMetrics(() -> monitor,
                Clock.fixed(Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("certificate")).filter(l -> !l.startsWith("#")).sorted().toList();
        assertEquals(List.of(
                "portcullis_certificate_expiry_timestamp_seconds{domain=\"a.test\"} " + (double) notAfter.getEpochSecond(),
                "portcullis_certificate_expiry_timestamp_seconds{domain=\"other\"} " + (double) notAfter.getEpochSecond(),
                "portcullis_peer_certificates_expiring_streams{within=\"1d\"} 0.0",
                "portcullis_peer_certificates_expiring_streams{within=\"30d\"} 0.0",
                "portcullis_peer_certificates_expiring_streams{within=\"7d\"} 0.0"), lines);
    }
}
