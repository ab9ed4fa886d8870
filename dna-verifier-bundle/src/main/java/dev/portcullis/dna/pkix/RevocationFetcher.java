package dev.portcullis.dna.pkix;

import dev.portcullis.api.PeerText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The network half of revocation checking, on OkHttp's own threads with a whole-call timeout: an OCSP request
 * POSTed over HTTP (RFC 6960 Appendix A.1) and a CRL downloaded from its distribution point (RFC 5280
 * §4.2.1.13). Bodies are capped in size. Failures complete exceptionally with a message for an administrator.
 */
final class RevocationFetcher {
    static final int MAX_OCSP_BYTES = 64 * 1024;
    static final int MAX_CRL_BYTES = 8 * 1024 * 1024;
    private static final MediaType OCSP_REQUEST = MediaType.get("application/ocsp-request");

    private final OkHttpClient client;

    RevocationFetcher(Duration timeout) {
        this.client = new OkHttpClient.Builder().callTimeout(timeout).followRedirects(false).cache(null).build();
    }

    CompletionStage<byte[]> ocsp(URI responder, byte[] request) {
        return call(new Request.Builder().url(responder.toString()).post(RequestBody.create(request, OCSP_REQUEST))
                .header("Accept", "application/ocsp-response").build(), MAX_OCSP_BYTES);
    }

    CompletionStage<X509CRL> crl(URI url) {
        return call(new Request.Builder().url(url.toString()).get().build(), MAX_CRL_BYTES).thenApply(der -> {
            try {
                return (X509CRL) CertificateFactory.getInstance("X.509")
                        .generateCRL(new ByteArrayInputStream(der));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(url + " did not serve a CRL: " + e.getMessage(), e);
            }
        });
    }

    void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private CompletionStage<byte[]> call(Request original, int maxBytes) {
        // one request per responder visit: an idle kept-alive connection would hold a single-threaded responder
        Request request = original.newBuilder().header("Connection", "close").build();
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        String what = request.method() + " " + request.url();
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                result.completeExceptionally(new IOException(what + " failed: " + describe(e), e));
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    ResponseBody body = response.body();
                    if (response.code() != 200) {
                        // the code only: the reason phrase is the responder's text
                        throw new IOException(what + " answered HTTP " + response.code());
                    }
                    try (InputStream in = body.byteStream()) {
                        byte[] bytes = in.readNBytes(maxBytes + 1);
                        if (bytes.length > maxBytes) {
                            throw new IOException(what + " sent more than " + maxBytes + " bytes");
                        }
                        result.complete(bytes);
                    }
                } catch (IOException | RuntimeException e) {
                    result.completeExceptionally(e instanceof IOException ? e : new IOException(what + ": " + e, e));
                }
            }
        });
        return result;
    }

    /** The responder is named by the peer's certificate, so its words (e.g. a status line) are peer text. */
    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : new PeerText(m, 200).toString();
    }
}
