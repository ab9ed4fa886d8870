package dev.portcullis.dna.posh;

import dev.portcullis.dna.locator.DnsService;
import dev.portcullis.dna.pkix.TrustStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import okhttp3.ConnectionSpec;
import okhttp3.Dns;
import okhttp3.OkHttpClient;

/**
 * Builds the OkHttp client POSH uses: names resolved through the bundle's validating resolver (never the
 * system's), certificates checked against the configured PKIX trust with OkHttp's RFC 2818 hostname check,
 * modern TLS only, no HTTP cache (RFC 7711 §6), no automatic redirects (checked hop by hop).
 */
final class PoshHttpClients {
    private PoshHttpClients() {
    }

    static OkHttpClient create(DnsService dns, TrustStore trust, Duration timeout) throws GeneralSecurityException {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {trust.trustManager()}, null);
        return new OkHttpClient.Builder()
                .dns(new BundleDns(dns, timeout))
                // docs/LIBRARIES.md trap 5: pass the trust manager explicitly
                .sslSocketFactory(tls.getSocketFactory(), trust.trustManager())
                .connectionSpecs(List.of(ConnectionSpec.MODERN_TLS))
                .followRedirects(false)
                .followSslRedirects(false)
                .cache(null)
                .callTimeout(timeout)
                .build();
    }

    /** OkHttp's {@link Dns} over the dnsjava resolver; OkHttp calls it on its own threads. */
    private record BundleDns(DnsService dns, Duration timeout) implements Dns {
        @Override
        public List<InetAddress> lookup(String hostname) throws UnknownHostException {
            try {
                return dns.addresses(hostname).toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                UnknownHostException u = new UnknownHostException(e.getCause() != null ? e.getCause().getMessage()
                        : hostname);
                u.initCause(e.getCause());
                throw u;
            } catch (TimeoutException e) {
                throw new UnknownHostException(hostname + ": DNS lookup timed out");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnknownHostException(hostname + ": interrupted");
            }
        }
    }
}
