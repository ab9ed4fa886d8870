package dev.portcullis.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The POSH web servers of the demo's domains (RFC 7711 §3): one JDK HTTPS server on 127.0.0.1 with a demo-CA
 * certificate naming every domain it serves, answering {@code /.well-known/posh/xmpp-server.json} (RFC 7712
 * §9.2: service name {@code xmpp-server}) by the request's Host. Unknown documents are 404, which POSH reads as
 * "this domain publishes nothing".
 */
final class PoshServer implements AutoCloseable {
    static final String PATH = "/.well-known/posh/xmpp-server.json";

    private final HttpsServer server;
    private final ExecutorService threads;
    private final Map<String, String> documents = new ConcurrentHashMap<>();
    /** How many documents were served per host name: shows that a delegation was really followed. */
    private final Map<String, Integer> served = new ConcurrentHashMap<>();
    private final DemoLog log;

    private PoshServer(HttpsServer server, ExecutorService threads, DemoLog log) {
        this.server = server;
        this.threads = threads;
        this.log = log;
    }

    /** Starts on 127.0.0.1:{@code port} (0: a free one) presenting {@code credential}. */
    static PoshServer start(DemoCa.Credential credential, int port, DemoLog log) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pw = "demo".toCharArray();
        ks.setKeyEntry("posh", credential.keyPair().getPrivate(), pw, credential.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 16);
        s.setHttpsConfigurator(new HttpsConfigurator(tls));
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "demo-posh");
            t.setDaemon(true);
            return t;
        });
        s.setExecutor(threads);
        PoshServer posh = new PoshServer(s, threads, log);
        s.createContext("/", posh::handle);
        s.start();
        return posh;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Publishes the fingerprints of {@code certificate} for {@code domain} (RFC 7711 §3.1). */
    void publishFingerprints(String domain, X509Certificate certificate, long expires) {
        documents.put(domain.toLowerCase(Locale.ROOT), fingerprintsDocument(certificate, expires));
    }

    /** Publishes a reference from {@code domain} to another POSH document (RFC 7711 §3.2, delegation). */
    void publishReference(String domain, String url, long expires) {
        documents.put(domain.toLowerCase(Locale.ROOT), "{\n  \"url\": \"" + url + "\",\n  \"expires\": " + expires + "\n}\n");
    }

    /** How many times the document of {@code domain} was served. */
    int served(String domain) {
        return served.getOrDefault(domain.toLowerCase(Locale.ROOT), 0);
    }

    static String fingerprintsDocument(X509Certificate certificate, long expires) {
        try {
            byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return "{\n  \"fingerprints\": [\n    { \"sha-256\": \"" + Base64.getEncoder().encodeToString(sha256)
                    + "\" }\n  ],\n  \"expires\": " + expires + "\n}\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint " + certificate.getSubjectX500Principal(), e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String host = exchange.getRequestHeaders().getFirst("Host");
            host = host == null ? "" : host.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
            String path = exchange.getRequestURI().getPath();
            String doc = PATH.equals(path) ? documents.get(host) : null;
            log.line("posh: GET https://" + host + path + " -> " + (doc == null ? 404 : 200));
            if (doc == null || !"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            served.merge(host, 1, Integer::sum);
            byte[] body = doc.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
