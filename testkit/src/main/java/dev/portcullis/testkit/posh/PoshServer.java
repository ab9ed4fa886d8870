package dev.portcullis.testkit.posh;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TlsContexts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A real HTTPS server on 127.0.0.1 and an ephemeral port (JDK {@code HttpsServer}) for POSH tests (RFC 7711):
 * answers by {@code Host} and path with what the test put there, and counts requests so caching can be checked.
 * Its certificate is a real {@code TestCa} certificate; clients reach it by name through their own DNS.
 */
public final class PoshServer implements AutoCloseable {
    /** One canned answer. */
    public record Answer(int status, Map<String, String> headers, byte[] body, java.time.Duration delay) {
        public Answer(int status, Map<String, String> headers, byte[] body) {
            this(status, headers, body, java.time.Duration.ZERO);
        }

        /** The same answer, sent only after {@code d} (for client timeouts). */
        public Answer delayed(java.time.Duration d) {
            return new Answer(status, headers, body, d);
        }

        public static Answer json(String body) {
            return new Answer(200, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
        }

        public static Answer redirect(int status, String location) {
            return new Answer(status, Map.of("Location", location), new byte[0]);
        }
    }

    /** Where a POSH client fetches the document of the {@code xmpp-server} service (RFC 7711 §3, RFC 7712 §9.2). */
    public static final String XMPP_SERVER_PATH = "/.well-known/posh/xmpp-server.json";

    private final HttpsServer server;
    private volatile Consumer<String> requestLog = line -> { };
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    private PoshServer(HttpsServer server) {
        this.server = server;
    }

    /** Starts serving with {@code certificate} (its chain and key) on 127.0.0.1 and an ephemeral port. */
    public static PoshServer start(IssuedCertificate certificate) throws IOException, GeneralSecurityException {
        return start(certificate, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /**
     * Starts serving on {@code bind}: POSH clients always ask port 443 (RFC 7711 §3), so process-level tests bind
     * 443 on an address of their own in 127.0.0.0/8 (binding below 1024 needs root).
     */
    public static PoshServer start(IssuedCertificate certificate, InetSocketAddress bind)
            throws IOException, GeneralSecurityException {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(TlsContexts.keyManagers(certificate), null, null);
        HttpsServer s = HttpsServer.create(bind, 16);
        s.setHttpsConfigurator(new HttpsConfigurator(tls));
        // a delayed answer must not hold up the others
        s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "posh-server");
            t.setDaemon(true);
            return t;
        }));
        PoshServer posh = new PoshServer(s);
        s.createContext("/", exchange -> {
            String host = exchange.getRequestHeaders().getFirst("Host");
            host = host == null ? "" : host.replaceAll(":\\d+$", "").toLowerCase(Locale.ROOT);
            String key = host + exchange.getRequestURI().getPath();
            posh.hits.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            Answer a = posh.answers.getOrDefault(key, new Answer(404, Map.of(), new byte[0]));
            posh.requestLog.accept(exchange.getRequestMethod() + " https://" + host + exchange.getRequestURI().getPath()
                    + " -> " + a.status());
            if (!a.delay().isZero()) {
                try {
                    Thread.sleep(a.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(a.body());
            }
        });
        s.start();
        return posh;
    }

    /** Tells {@code log} one line per request ({@code GET https://host/path -> 200}), e.g. for a lab's log file. */
    public PoshServer onRequest(Consumer<String> log) {
        this.requestLog = java.util.Objects.requireNonNull(log);
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Serves {@code answer} for {@code https://host:port/path}. */
    public PoshServer put(String host, String path, Answer answer) {
        answers.put(host.toLowerCase(Locale.ROOT) + path, answer);
        return this;
    }

    public void clear() {
        answers.clear();
        hits.clear();
    }

    /** How many requests reached {@code host/path}. */
    public int hits(String host, String path) {
        AtomicInteger n = hits.get(host.toLowerCase(Locale.ROOT) + path);
        return n == null ? 0 : n.get();
    }

    /** {@code https://host:port/path}. */
    public String url(String host, String path) {
        return "https://" + host + (port() == 443 ? "" : ":" + port()) + path;
    }

    /** The base64 fingerprint of a certificate's DER for a POSH document (RFC 7711 §3.1), e.g. {@code sha-256}. */
    public static String fingerprint(X509Certificate cert, String hashName) throws GeneralSecurityException {
        String alg = hashName.toUpperCase(Locale.ROOT);
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance(alg).digest(cert.getEncoded()));
    }

    /** A fingerprints document (RFC 7711 §3.1) with one descriptor. */
    public static String fingerprintsDocument(X509Certificate cert, String hashName, long expires)
            throws GeneralSecurityException {
        return "{\"fingerprints\":[{\"" + hashName + "\":\"" + fingerprint(cert, hashName) + "\"}],\"expires\":"
                + expires + "}";
    }

    /** A reference document (RFC 7711 §3.2): the domain delegates to the POSH document at {@code url}. */
    public static String referenceDocument(String url, long expires) {
        return "{\"url\":\"" + url + "\",\"expires\":" + expires + "}";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
