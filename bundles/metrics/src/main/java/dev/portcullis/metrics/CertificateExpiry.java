package dev.portcullis.metrics;

import dev.portcullis.api.stream.FederationMonitor;
import dev.portcullis.api.stream.LocalCertificate;
import dev.portcullis.api.stream.StreamSecurity;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Certificate expiry at scrape time, as Unix timestamps (the Prometheus convention: an alert subtracts
 * {@code time()}): ours per local domain, and the peers' on live streams without the peer's name (peers control
 * their domains, so a domain never becomes a label): the earliest, and how many streams expire within 1, 7 and
 * 30 days.
 */
final class CertificateExpiry {
    private static final int[] WITHIN_DAYS = {1, 7, 30};

    private CertificateExpiry() {
    }

    static void register(PrometheusRegistry registry, Supplier<FederationMonitor> monitor, Clock clock) {
        GaugeWithCallback.builder().name("portcullis_certificate_expiry_timestamp_seconds")
                .help("When the certificate a local domain presents expires (notAfter, Unix time; RFC 6120 §13.7.2)")
                .labelNames("domain")
                .callback(callback -> {
                    FederationMonitor m = monitor.get();
                    for (LocalCertificate c : m == null ? List.<LocalCertificate>of() : m.localCertificates()) {
                        callback.call(c.notAfter().getEpochSecond(), LabelValues.localDomain(c.domain()));
                    }
                })
                .register(registry);
        GaugeWithCallback.builder().name("portcullis_peer_certificate_expiry_earliest_timestamp_seconds")
                .help("When the first of the peers' certificates on live s2s streams expires (notAfter, Unix time)")
                .callback(callback -> earliest(peerExpiries(monitor.get())).ifPresent(
                        t -> callback.call(t.getEpochSecond())))
                .register(registry);
        GaugeWithCallback.builder().name("portcullis_peer_certificates_expiring_streams")
                .help("Live s2s streams whose peer certificate expires within 1, 7 or 30 days")
                .labelNames("within")
                .callback(callback -> {
                    List<Instant> expiries = peerExpiries(monitor.get());
                    Instant now = clock.instant();
                    for (int days : WITHIN_DAYS) {
                        Instant limit = now.plus(Duration.ofDays(days));
                        callback.call(expiries.stream().filter(t -> !t.isAfter(limit)).count(), days + "d");
                    }
                })
                .register(registry);
    }

    private static List<Instant> peerExpiries(FederationMonitor m) {
        if (m == null) {
            return List.of();
        }
        return m.streams().stream().map(StreamSecurity::streamId).map(m::peerChain).filter(c -> !c.isEmpty())
                .map(c -> c.get(0)).map(X509Certificate::getNotAfter).map(java.util.Date::toInstant).toList();
    }

    private static Optional<Instant> earliest(List<Instant> expiries) {
        return expiries.stream().min(Instant::compareTo);
    }
}
