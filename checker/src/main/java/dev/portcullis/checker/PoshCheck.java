package dev.portcullis.checker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * POSH (RFC 7711) for the {@code xmpp-server} service (RFC 7712 §5.2): fetches
 * {@code https://<domain>/.well-known/posh/xmpp-server.json} with OkHttp over HTTPS that must itself validate
 * (RFC 7711 §3), follows one {@code url} reference (§3.2) and compares the fingerprints with the certificates
 * the endpoints served (§3.3).
 */
final class PoshCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_BODY = 64 * 1024;

    private final OkHttpClient http;

    PoshCheck(Dns dns, X509TrustManager trust, Duration timeout) throws GeneralSecurityException {
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
        JsonNode doc;
        try {
            doc = fetch(url);
            if (doc == null) {
                return new PoshFacts(PoshFacts.Status.NOT_PUBLISHED, url, "HTTP 404");
            }
            if (doc.has("url") && doc.get("url").isTextual()) {
                String ref = doc.get("url").asText();
                if (!ref.startsWith("https://")) {
                    return new PoshFacts(PoshFacts.Status.INVALID, url, "the url reference is not HTTPS (RFC 7711 §3.2)");
                }
                url = ref;
                doc = fetch(ref);
                if (doc == null) {
                    return new PoshFacts(PoshFacts.Status.INVALID, url, "the referenced document is missing");
                }
            }
        } catch (javax.net.ssl.SSLException e) {
            return new PoshFacts(PoshFacts.Status.INVALID, url, "HTTPS not trusted: " + e.getMessage());
        } catch (IOException e) {
            return new PoshFacts(PoshFacts.Status.NOT_PUBLISHED, url, "not reachable: " + e.getMessage());
        } catch (IllegalStateException e) {
            return new PoshFacts(PoshFacts.Status.INVALID, url, e.getMessage());
        }
        JsonNode fps = doc.get("fingerprints");
        if (fps == null || !fps.isArray() || fps.isEmpty()) {
            return new PoshFacts(PoshFacts.Status.INVALID, url, "no fingerprints array (RFC 7711 §3.1)");
        }
        for (JsonNode fp : fps) {
            for (var it = fp.fields(); it.hasNext(); ) {
                var entry = it.next();
                String alg = entry.getKey().toUpperCase(Locale.ROOT);
                for (X509Certificate c : endEntities) {
                    try {
                        String mine = Base64.getEncoder().encodeToString(MessageDigest.getInstance(alg)
                                .digest(c.getEncoded()));
                        if (mine.equals(entry.getValue().asText())) {
                            return new PoshFacts(PoshFacts.Status.MATCH, url, entry.getKey() + " fingerprint matches");
                        }
                    } catch (GeneralSecurityException e) {
                        // an unknown hash name: RFC 7711 §3.1 says ignore it
                    }
                }
            }
        }
        return new PoshFacts(PoshFacts.Status.MISMATCH, url, "no fingerprint matches the served certificate");
    }

    private JsonNode fetch(String url) throws IOException {
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
            byte[] body = source.readByteArray();
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("the POSH document is not JSON (RFC 7711 §3.1): " + e.getMessage());
            }
        }
    }
}
