package dev.portcullis.dna.posh;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * HTTPS GETs for POSH with OkHttp (RFC 7711 §3): HTTPS only, redirects followed by hand so each hop can be
 * checked (HTTPS targets only, at most {@value #MAX_REDIRECTS}, RFC 7711 §10), bodies capped in size.
 * The client is built by {@link PoshHttpClients} with the bundle's DNS and trust.
 */
final class PoshFetcher {
    static final int MAX_REDIRECTS = 10;

    private final OkHttpClient client;
    private final int maxBytes;

    PoshFetcher(OkHttpClient client, int maxBytes) {
        this.client = client;
        this.maxBytes = maxBytes;
    }

    CompletionStage<FetchResult> fetch(URI url) {
        CompletableFuture<FetchResult> result = new CompletableFuture<>();
        get(url, 0, result);
        return result;
    }

    private void get(URI url, int redirects, CompletableFuture<FetchResult> result) {
        if (!"https".equalsIgnoreCase(url.getScheme())) {
            result.complete(new FetchResult.Failure("refusing " + url + ": POSH is HTTPS only (RFC 7711 §3, §10)"));
            return;
        }
        Request request = new Request.Builder().url(url.toString()).header("Accept", "application/json").get().build();
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                result.complete(new FetchResult.Failure("GET " + url + " failed: " + describe(e)));
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    handle(url, redirects, response, result);
                } catch (IOException | RuntimeException e) {
                    result.complete(new FetchResult.Failure("reading " + url + " failed: " + describe(e)));
                }
            }
        });
    }

    private void handle(URI url, int redirects, Response response, CompletableFuture<FetchResult> result)
            throws IOException {
        int code = response.code();
        if (code == 301 || code == 302 || code == 303 || code == 307 || code == 308) {
            String location = response.header("Location");
            if (location == null) {
                result.complete(new FetchResult.Failure(url + " answered " + code + " without a Location"));
                return;
            }
            URI next = url.resolve(location);
            if (redirects + 1 > MAX_REDIRECTS) {
                result.complete(new FetchResult.Failure(url + " redirects more than " + MAX_REDIRECTS
                        + " times (RFC 7711 §10)"));
                return;
            }
            if (!"https".equalsIgnoreCase(next.getScheme())) {
                result.complete(new FetchResult.Failure(url + " redirects to " + next + ", which is not HTTPS "
                        + "(RFC 7711 §10: the location MUST specify an HTTPS URI)"));
                return;
            }
            get(next, redirects + 1, result);
            return;
        }
        if (code == 404) {
            result.complete(new FetchResult.NotFound(url));
            return;
        }
        if (code != 200) {
            result.complete(new FetchResult.Failure(url + " answered HTTP " + code));
            return;
        }
        long declared = response.body().contentLength();
        if (declared > maxBytes) {
            result.complete(new FetchResult.Failure(url + " sends " + declared + " bytes, more than posh.max-bytes = "
                    + maxBytes));
            return;
        }
        try (InputStream in = response.body().byteStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                result.complete(new FetchResult.Failure(url + " sends more than posh.max-bytes = " + maxBytes
                        + " bytes"));
                return;
            }
            result.complete(new FetchResult.Body(url, body));
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        if (e instanceof javax.net.ssl.SSLPeerUnverifiedException) {
            return "the HTTPS certificate does not name the host (RFC 2818 §3.1): " + m;
        }
        if (e instanceof javax.net.ssl.SSLHandshakeException) {
            return "the HTTPS certificate is not trusted or TLS failed (RFC 7711 §3): " + m;
        }
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
