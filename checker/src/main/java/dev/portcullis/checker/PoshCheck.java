package dev.portcullis.checker;

import dev.portcullis.dna.core.posh.MalformedPoshException;
import dev.portcullis.dna.core.posh.PoshDocument;
import dev.portcullis.dna.core.posh.PoshDocumentParser;
import dev.portcullis.dna.core.posh.PoshMatcher;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * POSH (RFC 7711) for the {@code xmpp-server} service (RFC 7712 §5.2): fetches
 * {@code https://<domain>/.well-known/posh/xmpp-server.json} with OkHttp over HTTPS that must itself validate
 * (RFC 7711 §3), parses it with the dna-core parser the host uses (§3.1: exactly one of {@code fingerprints} and
 * {@code url}, {@code expires} required, wrapped base64 accepted), follows one {@code url} reference (§3.2) and compares the fingerprints with the certificates
 * the endpoints served (§3.3).
 */
final class PoshCheck {
    private static final PoshDocumentParser PARSER = new PoshDocumentParser();
    private static final long MAX_BODY = 64 * 1024;

    private final OkHttpClient http;
    private final Clock clock;

    PoshCheck(Dns dns, X509TrustManager trust, Duration timeout) throws GeneralSecurityException {
        this(dns, trust, timeout, Clock.systemUTC());
    }

    PoshCheck(Dns dns, X509TrustManager trust, Duration timeout, Clock clock) throws GeneralSecurityException {
        this.clock = clock;
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {trust}, new SecureRandom());
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .sslSocketFactory(ctx.getSocketFactory(), trust)
                .followSslRedirects(false)
                .connectTimeout(timeout).readTimeout(timeout).callTimeout(timeout.multipliedBy(2));
        if (dns != null) {
            b.dns(host -> {
                try {
                    return List.copyOf(dns.addresses(host));
                } catch (IOException e) {
                    throw new java.net.UnknownHostException(e.getMessage());
                }
            });
        }
        this.http = b.build();
    }

    static String url(String domain) {
        return "https://" + domain + "/.well-known/posh/xmpp-server.json";
    }

    PoshFacts check(String domain, List<X509Certificate> endEntities) {
        String url = url(domain);
        PoshDocument doc;
        try {
            doc = fetch(url);
            if (doc == null) {
                return new PoshFacts(PoshFacts.Status.NOT_PUBLISHED, url, "HTTP 404");
            }
            if (doc.expires() == 0) {
                return new PoshFacts(PoshFacts.Status.INVALID, url, "expires is 0, which declares the document "
                        + "invalid (RFC 7711 §3.1, §3.2)");
            }
            if (doc instanceof PoshDocument.Reference ref) {
                url = ref.url().toString();
                doc = fetch(url);
                if (doc == null) {
                    return new PoshFacts(PoshFacts.Status.INVALID, url, "the referenced document is missing "
                            + "(RFC 7711 §3.2)");
                }
                if (doc instanceof PoshDocument.Reference) {
                    return new PoshFacts(PoshFacts.Status.INVALID, url, "the referenced document is another "
                            + "reference; references are followed one hop only (RFC 7711 §3.2)");
                }
                if (doc.expires() == 0) {
                    return new PoshFacts(PoshFacts.Status.INVALID, url, "expires is 0, which declares the "
                            + "document invalid (RFC 7711 §3.1)");
                }
            }
        } catch (javax.net.ssl.SSLException e) {
            return new PoshFacts(PoshFacts.Status.INVALID, url, "HTTPS not trusted: " + e.getMessage());
        } catch (IOException e) {
            return new PoshFacts(PoshFacts.Status.NOT_PUBLISHED, url, "not reachable: " + e.getMessage());
        } catch (MalformedPoshException e) {
            return new PoshFacts(PoshFacts.Status.INVALID, url, "the POSH document is malformed: " + e.getMessage());
        } catch (IllegalStateException e) {
            return new PoshFacts(PoshFacts.Status.INVALID, url, e.getMessage());
        }
        return judge(url, (PoshDocument.Fingerprints) doc, endEntities, clock.instant());
    }

    /**
     * RFC 7711 §3.3, §6 by the host's own rule ({@link PoshMatcher}): a descriptor matches when one of its digests
     * is the digest of a served certificate's DER and that certificate is valid now.
     */
    static PoshFacts judge(String url, PoshDocument.Fingerprints doc, List<X509Certificate> endEntities,
            Instant now) {
        boolean outsideValidity = false;
        for (X509Certificate c : endEntities) {
            PoshMatcher.Result r = PoshMatcher.judge(doc.descriptors(), c, now);
            if (r.outcome() == PoshMatcher.Outcome.MATCH) {
                return new PoshFacts(PoshFacts.Status.MATCH, url, r.hash() + " fingerprint matches");
            }
            outsideValidity |= r.outcome() == PoshMatcher.Outcome.OUTSIDE_VALIDITY;
        }
        return new PoshFacts(PoshFacts.Status.MISMATCH, url, outsideValidity
                ? "the served certificate is outside its validity period, so POSH cannot vouch for it (RFC 7711 §6)"
                : "no fingerprint matches the served certificate");
    }

    private PoshDocument fetch(String url) throws IOException, MalformedPoshException {
        try (Response r = http.newCall(new Request.Builder().url(url).build()).execute()) {
            if (r.code() == 404) {
                return null;
            }
            if (!r.isSuccessful()) {
                throw new IOException("HTTP " + r.code());
            }
            okio.BufferedSource source = r.body().source();
            if (source.request(MAX_BODY + 1)) {
                throw new IllegalStateException("the POSH document is larger than " + MAX_BODY + " bytes");
            }
            return PARSER.parse(source.readByteArray());
        }
    }
}
