package dev.portcullis.testkit.ocsp;

import dev.portcullis.testkit.RequiredTool;
import dev.portcullis.testkit.TestCa;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * A real OCSP responder (RFC 6960) for tests: {@code openssl ocsp -index index.txt -port P -rsigner CA -rkey
 * CA-key -CA CA -nmin N} answering for the certificates of one {@link TestCa}, signed by the CA itself (RFC 6960
 * §4.2.2.2). The index (the {@code openssl ca} database format) is written from {@link #good} and {@link #revoked}
 * before {@link #start()}; a serial the index does not hold is answered "unknown". Clients reach it at
 * {@link #url()} on 127.0.0.1 (OpenSSL 3.0's {@code -port} takes no address, so it accepts on every interface;
 * tests connect over loopback only).
 *
 * <pre>{@code
 * try (OpenSslOcspResponder r = new OpenSslOcspResponder(dir, ca).good(a.certificate()).revoked(b.certificate())) {
 *     r.start();
 *     ... certificates issued with .ocspUrl(r.url()) ...
 * }
 * }</pre>
 */
public final class OpenSslOcspResponder implements AutoCloseable {
    private static final DateTimeFormatter INDEX_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Path dir;
    private final TestCa ca;
    private final int port;
    private final List<String> index = new ArrayList<>();
    private int validityMinutes = 10;
    private Process process;

    /** Picks a free loopback port now, so certificates can name {@link #url()} before the responder starts. */
    public OpenSslOcspResponder(Path dir, TestCa ca) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.ca = ca;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = s.getLocalPort();
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    /** How long each answer stays current: its nextUpdate is thisUpdate plus this ({@code -nmin}). */
    public OpenSslOcspResponder validityMinutes(int minutes) {
        this.validityMinutes = minutes;
        return this;
    }

    public OpenSslOcspResponder good(X509Certificate cert) {
        index.add(line("V", cert, ""));
        return this;
    }

    /** Revoked one hour ago for keyCompromise (RFC 5280 §5.3.1). */
    public OpenSslOcspResponder revoked(X509Certificate cert) {
        index.add(line("R", cert, INDEX_TIME.format(Instant.now().minus(Duration.ofHours(1))) + ",keyCompromise"));
        return this;
    }

    private static String line(String status, X509Certificate cert, String revocation) {
        return String.join("\t", status, INDEX_TIME.format(cert.getNotAfter().toInstant()), revocation,
                cert.getSerialNumber().toString(16).toUpperCase(Locale.ROOT), "unknown",
                cert.getSubjectX500Principal().getName());
    }

    /** Writes the index and the CA's files, starts openssl and waits until it accepts connections. */
    public OpenSslOcspResponder start() throws IOException, InterruptedException {
        Path openssl = RequiredTool.require("openssl", "openssl");
        Path log = dir.resolve("openssl-ocsp.log");
        Path indexFile = dir.resolve("index.txt");
        Files.writeString(indexFile, index.isEmpty() ? "" : String.join("\n", index) + "\n");
        Files.writeString(dir.resolve("index.txt.attr"), "unique_subject = no\n");
        Path caCert = ca.writeCertificate(dir.resolve("ca.pem"));
        Path caKey = dir.resolve("ca-key.pem");
        Files.writeString(caKey, TestCa.pem(new JcaPKCS8Generator(ca.keyPair().getPrivate(), null)));
        process = new ProcessBuilder(openssl.toString(), "ocsp", "-index", indexFile.toString(), "-port",
                Integer.toString(port), "-rsigner", caCert.toString(), "-rkey", caKey.toString(), "-CA",
                caCert.toString(), "-nmin", Integer.toString(validityMinutes))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("openssl ocsp exited with " + process.exitValue() + ": "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            // a probe connection would occupy the single-threaded responder: wait for its own word instead
            if (Files.readString(log, StandardCharsets.UTF_8).contains("waiting for OCSP client connections")) {
                return this;
            }
            Thread.sleep(50);
        }
        throw new IOException("openssl ocsp did not listen on port " + port + " within 10 s");
    }

    /**
     * Asks the running responder about {@code cert} with {@code openssl ocsp} as a client and returns the DER
     * response, e.g. to staple it ({@code openssl s_server -status_file}).
     */
    public byte[] fetchResponse(X509Certificate cert) throws IOException, InterruptedException {
        Path certFile = dir.resolve("query-" + cert.getSerialNumber().toString(16) + ".pem");
        Files.writeString(certFile, TestCa.pem(cert));
        Path out = dir.resolve("response-" + cert.getSerialNumber().toString(16) + ".der");
        Process p = new ProcessBuilder(RequiredTool.require("openssl", "openssl").toString(), "ocsp", "-issuer",
                ca.writeCertificate(dir.resolve("ca.pem")).toString(), "-cert", certFile.toString(), "-url", url(),
                "-noverify", "-respout", out.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl-ocsp-client.log").toFile()).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("openssl ocsp (client) failed: "
                    + Files.readString(dir.resolve("openssl-ocsp-client.log"), StandardCharsets.UTF_8));
        }
        return Files.readAllBytes(out);
    }

    /** Stops the responder; afterwards {@link #url()} refuses connections. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
