package dev.portcullis.dna.pkix;

import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Revocation answers kept until they stop being current: an OCSP response until its nextUpdate (RFC 6960
 * §4.2.2.1), a CRL until its nextUpdate (RFC 5280 §5.1.2.5). Only answers whose signature the path validator
 * accepted are stored; the oldest entries go first once {@code maxEntries} is reached.
 */
final class RevocationCache {
    private record Entry<T>(T value, Instant until) {
    }

    private final Clock clock;
    private final Map<String, Entry<byte[]>> ocsp;
    private final Map<String, Entry<X509CRL>> crls;

    RevocationCache(Clock clock, int maxEntries) {
        this.clock = clock;
        this.ocsp = lru(maxEntries);
        this.crls = lru(maxEntries);
    }

    private static <T> Map<String, Entry<T>> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry<T>> eldest) {
                return size() > max;
            }
        };
    }

    synchronized Optional<byte[]> ocsp(String certificateKey) {
        return current(ocsp, certificateKey).map(byte[]::clone);
    }

    /** Stores a verified response; one without nextUpdate is never stored (RFC 6960 §4.2.2.1). */
    synchronized void putOcsp(String certificateKey, byte[] response, Instant nextUpdate) {
        if (nextUpdate != null && nextUpdate.isAfter(clock.instant())) {
            ocsp.put(certificateKey, new Entry<>(response.clone(), nextUpdate));
        }
    }

    synchronized Optional<X509CRL> crl(String url) {
        return current(crls, url);
    }

    synchronized void putCrl(String url, X509CRL crl) {
        Instant next = crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant();
        if (next != null && next.isAfter(clock.instant())) {
            crls.put(url, new Entry<>(crl, next));
        }
    }

    private <T> Optional<T> current(Map<String, Entry<T>> map, String key) {
        Entry<T> e = map.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (!e.until().isAfter(clock.instant())) {
            map.remove(key);
            return Optional.empty();
        }
        return Optional.of(e.value());
    }
}
