package dev.portcullis.it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.RequiredTool;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Our own certificate, in the real distribution: a.test serves a short-lived certificate from a certbot layout
 * ({@code live/a.test/fullchain.pem} and {@code privkey.pem}, symlinks into {@code archive/}), warns that it
 * expires, and picks up the renewed pair when the symlinks switch, without a restart: new handshakes present
 * the new certificate while the stream established before keeps answering (RFC 6120 §13.7.2).
 */
class CertificateRenewalIT {
    static TwoHosts lab;
    static Path letsencrypt;
    static IssuedCertificate first;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        lab = new TwoHosts();
        letsencrypt = lab.dir.resolve("letsencrypt");
        // five days left: the 7-day warning is due as soon as it is loaded
        first = lab.ca.issue(TwoHosts.A).dnsName(TwoHosts.A).xmppAddr(TwoHosts.A)
                .validity(Instant.now().minus(Duration.ofDays(85)), Instant.now().plus(Duration.ofDays(5)).truncatedTo(ChronoUnit.SECONDS))
                .build();
        certbotWrites(first, 1);
        Path live = letsencrypt.resolve("live/" + TwoHosts.A);
        lab.a.config("dev.portcullis.domain-" + TwoHosts.A, Map.of("domain", TwoHosts.A,
                "certificate", live.resolve("fullchain.pem").toString(), "key", live.resolve("privkey.pem").toString(),
                "certificate.check.interval", "1"));
        lab.start();
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    /**
     * What {@code certbot renew} does: the new version under {@code archive/<name>/} (fullchainN.pem, privkeyN.pem),
     * then each {@code live/<name>/} symlink replaced by a new one renamed over it.
     */
    static void certbotWrites(IssuedCertificate c, int version) throws Exception {
        Path archive = Files.createDirectories(letsencrypt.resolve("archive/" + TwoHosts.A));
        Path live = Files.createDirectories(letsencrypt.resolve("live/" + TwoHosts.A));
        IssuedCertificate.Pem pem = c.writePem(archive, "tmp");
        Files.move(pem.certificate(), archive.resolve("fullchain" + version + ".pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(pem.key(), archive.resolve("privkey" + version + ".pem"), StandardCopyOption.REPLACE_EXISTING);
        for (String name : List.of("fullchain", "privkey")) {
            Path link = live.resolve(name + ".pem");
            Path tmp = live.resolve(name + ".pem.new");
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, Path.of("../../archive/" + TwoHosts.A + "/" + name + version + ".pem"));
            Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String sha256(X509Certificate c) throws Exception {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    }

    /** The certificate a.test presents to a new STARTTLS handshake, as openssl s_client (not our code) saw it. */
    static X509Certificate presentedByA() throws Exception {
        List<String> cmd = List.of(RequiredTool.require("openssl", "openssl").toString(), "s_client", "-connect",
                TwoHosts.LOOPBACK + ":" + lab.portA, "-starttls", "xmpp-server", "-xmpphost", TwoHosts.A);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(new File("/dev/null")).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "openssl s_client hung");
        Matcher m = Pattern.compile("-----BEGIN CERTIFICATE-----[\\s\\S]+?-----END CERTIFICATE-----").matcher(out);
        assertTrue(m.find(), "openssl s_client saw no server certificate:\n" + out);
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(m.group().getBytes(StandardCharsets.US_ASCII)));
    }

    /** b.test's inbound stream from a.test: its ID and the certificate a.test presented on it. */
    static JsonNode inboundFromA() throws Exception {
        for (JsonNode s : JSON.readTree(lab.b.admin("portcullis:streams --json"))) {
            if (s.get("direction").asText().equals("INBOUND") && s.get("peerDomain").asText().equals(TwoHosts.A)) {
                return s;
            }
        }
        throw new AssertionError("b.test has no inbound stream from a.test: " + lab.b.admin("portcullis:streams"));
    }

    static String scrape() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + lab.consolePort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    static List<String> expiryGauge(String body) {
        return body.lines().filter(l -> l.startsWith("portcullis_certificate_expiry_timestamp_seconds{")).toList();
    }

    @Test
    @DisplayName("certbot's symlink switch is loaded without a restart: new handshakes present the new certificate, "
            + "the established stream still answers a ping (RFC 6120 §13.7.2)")
    void renewedCertificateIsPickedUpWithoutDroppingStreams() throws Exception {
        Path live = letsencrypt.resolve("live/" + TwoHosts.A + "/fullchain.pem");
        // the short-lived certificate is announced on load: domain, file, remedy
        lab.a.awaitLog("WARN .*The certificate of local domain a\\.test \\(" + Pattern.quote(live.toString())
                + "\\) expires in (4|5) days, on " + Pattern.quote(first.certificate().getNotAfter().toInstant().toString())
                + " \\(warning 7 day\\(s\\) ahead\\): renew it", Duration.ofSeconds(10));
        assertEquals(List.of("portcullis_certificate_expiry_timestamp_seconds{domain=\"a.test\"} "
                + (double) first.certificate().getNotAfter().toInstant().getEpochSecond()), expiryGauge(scrape()));
        assertTrue(lab.a.admin("portcullis:certificates").contains("RENEW: warned 7 day(s) ahead"),
                lab.a.admin("portcullis:certificates"));

        lab.ping();
        JsonNode before = inboundFromA();
        assertEquals(sha256(first.certificate()), before.get("certificateSha256").asText(),
                "a.test presented the first certificate as client certificate on its outbound stream");
        assertEquals(sha256(first.certificate()), sha256(presentedByA()));

        IssuedCertificate renewed = lab.ca.issue(TwoHosts.A).dnsName(TwoHosts.A).xmppAddr(TwoHosts.A)
                .validity(Instant.now().minus(Duration.ofMinutes(5)), Instant.now().plus(Duration.ofDays(90)).truncatedTo(ChronoUnit.SECONDS))
                .build();
        long mark = lab.a.logPosition();
        certbotWrites(renewed, 2);
        String line = lab.a.awaitLogSince(mark, "INFO .*Loaded the renewed certificate of local domain a\\.test from "
                + Pattern.quote(live + " -> " + letsencrypt.resolve("archive/a.test/fullchain2.pem").toRealPath())
                + " \\(SHA-256 " + Pattern.quote(sha256(renewed.certificate())) + ", valid until "
                + Pattern.quote(renewed.certificate().getNotAfter().toInstant().toString()) + ", replacing SHA-256 "
                + Pattern.quote(sha256(first.certificate())) + " valid until .*\\): new handshakes present it; "
                + "established streams keep the TLS session they negotiated", Duration.ofSeconds(15));
        assertNotEquals(null, line);

        assertEquals(sha256(renewed.certificate()), sha256(presentedByA()), "a new handshake presents the renewed certificate");
        lab.ping();
        JsonNode after = inboundFromA();
        assertEquals(before.get("id").asText(), after.get("id").asText(), "the stream established before is still the one used");
        assertEquals(sha256(first.certificate()), after.get("certificateSha256").asText());
        assertEquals(List.of("portcullis_certificate_expiry_timestamp_seconds{domain=\"a.test\"} "
                + (double) renewed.certificate().getNotAfter().toInstant().getEpochSecond()), expiryGauge(scrape()));
        assertTrue(lab.a.isRunning(), "no restart");
    }
}
