package dev.portcullis.it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.IssuedCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Web Console's "XMPP Federation" page in a real headless Chromium, against two real hosts of the
 * distribution federating with each other (RFC 7590 §3.6: encrypted or not, TLS version, cipher suite, how
 * the peer was authenticated, its certificate, and a warning when that certificate changes). Screenshots of
 * each page are kept in {@code target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Certificate fields are chosen by the peer: these must show as text, never become markup. */
    static final String HOSTILE_IMG = "<img src=x onerror=\"document.title='pwned'\">";
    static final String HOSTILE_SCRIPT = "</code></td><script>document.title='pwned'</script>";

    static TwoHosts lab;
    static Browser browser;
    static String password;
    static String console;
    static X509Certificate firstCertificate;

    @BeforeAll
    static void start() throws IOException {
        lab = new TwoHosts();
        lab.start();
        String line = lab.a.awaitLog("Web console at .*", Duration.ofSeconds(30));
        Matcher m = Pattern.compile("Web console at (http://\\S+/system/console) - user admin, password in (\\S+)").matcher(line);
        assertTrue(m.find(), line);
        console = m.group(1);
        password = Files.readString(Path.of(m.group(2))).trim();
        browser = Browser.start(lab.dir.resolve("browser"), SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void theConsoleListensOnLoopbackWithAGeneratedOwnerOnlyPasswordAndNoDefault() throws Exception {
        assertEquals("http://127.0.0.1:" + lab.consolePort + "/system/console", console);
        lab.a.awaitLog("Started ServerConnector.*\\{127\\.0\\.0\\.1:" + lab.consolePort + "\\}", Duration.ofSeconds(20));
        String shipped = Files.readString(Path.of(System.getProperty("portcullis.dist"), "etc", "org.apache.felix.http.cfg"));
        assertTrue(shipped.contains("\norg.apache.felix.http.host = 127.0.0.1\n"), "the distribution binds the console to loopback");
        Path file = lab.a.dir().resolve("data/console-password");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(password.length() >= 20, "a generated password is long: " + password.length());
        assertEquals(401, get("/xmpp-federation", null).statusCode(), "no login, no page");
        assertEquals(401, get("/xmpp-federation", "admin:admin").statusCode(), "the Felix default admin/admin is refused");
        assertEquals(200, get("/xmpp-federation", "admin:" + password).statusCode());
    }

    @Test
    @Order(1)
    void withoutThePortcullisConsoleBundleTheWebConsoleAcceptsNoPasswordAtAll() throws Exception {
        String bare = "http://127.0.0.1:" + lab.bareConsolePort + "/system/console/bundles";
        lab.b.awaitLog("Started ServerConnector.*\\{127\\.0\\.0\\.1:" + lab.bareConsolePort + "\\}", Duration.ofSeconds(20));
        for (String credentials : List.of("admin:admin", "admin:", "admin:locked-until-the-portcullis-console-sets-a-password")) {
            HttpRequest r = HttpRequest.newBuilder(URI.create(bare)).timeout(Duration.ofSeconds(10)).header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))).build();
            assertEquals(401, HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString()).statusCode(), credentials);
        }
    }

    @Test
    @Order(2)
    void aLiveStreamShowsItsTlsVersionAndHowThePeerWasAuthenticatedRfc7590Section36() throws Exception {
        lab.ping();
        firstCertificate = lab.certB.certificate();
        browser.open(console.replace("http://", "http://admin:" + password + "@") + "/xmpp-federation");
        WebElement row = outboundRow();
        assertEquals("TLSv1.3", row.findElement(By.className("pc-tls")).getText());
        assertEquals("SASL EXTERNAL", row.findElement(By.className("pc-method")).getText());
        assertEquals("pkix", row.findElement(By.className("pc-prooftype")).getText());
        assertEquals("yes", row.findElement(By.className("pc-encrypted")).getText());
        assertEquals(sha256(firstCertificate), row.findElement(By.className("pc-fingerprint")).getText());
        assertFalse(row.findElement(By.className("pc-suite")).getText().isBlank());
        assertEquals("first seen", row.findElement(By.className("pc-change")).getText());
        assertEquals("rfc9325", browser.driver.findElement(By.cssSelector("#pc-policy .pc-profile")).getText());
        assertTrue(browser.driver.findElement(By.id("pc-events")).getText().contains("AUTHENTICATED"));
        browser.screenshot("01-xmpp-federation");
    }

    @Test
    @Order(3)
    void theStreamDetailShowsTheWholeChainWithBothFingerprintsAndEveryIdentifier() throws Exception {
        browser.open(console.replace("http://", "http://admin:" + password + "@") + "/xmpp-federation");
        outboundRow().findElement(By.cssSelector(".pc-id a")).click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("pc-facts")));
        assertEquals("TLSv1.3", browser.driver.findElement(By.cssSelector("#pc-facts .pc-tls")).getText());
        List<WebElement> chain = browser.driver.findElements(By.className("pc-certificate"));
        assertFalse(chain.isEmpty(), "the peer's chain is shown");
        String endEntity = chain.get(0).getText();
        assertTrue(endEntity.contains("DNS-ID: b.test"), endEntity);
        assertTrue(endEntity.contains("XmppAddr: b.test"), endEntity);
        assertTrue(endEntity.contains("SRV-ID: _xmpp-server.b.test"), endEntity);
        assertTrue(endEntity.contains("CN=ConsoleIT CA"), "issuer: " + endEntity);
        assertEquals(sha256(firstCertificate), chain.get(0).findElement(By.className("pc-sha256")).getText());
        assertEquals(fingerprint(firstCertificate, "SHA-1"), chain.get(0).findElement(By.className("pc-sha1")).getText());
        // every prooftype's evidence, with its reason and clause (RFC 7712 §7)
        WebElement pkix = browser.driver.findElement(By.cssSelector("#pc-prooftypes tr[data-prooftype='pkix']"));
        assertTrue(pkix.getText().contains("PROVEN"), pkix.getText());
        assertTrue(pkix.getText().contains("RFC"), "the result cites its specification: " + pkix.getText());
        browser.screenshot("02-stream-detail");
    }

    @Test
    @Order(4)
    void aPeerCertificateOverANewKeyIsWarnedAboutAndHostileFieldsStayTextRfc7590Section36() throws Exception {
        IssuedCertificate rekeyed = lab.ca.issue(TwoHosts.B).dnsName(TwoHosts.B).xmppAddr(TwoHosts.B)
                .xmppAddr(HOSTILE_IMG).xmppAddr(HOSTILE_SCRIPT).build();
        lab.restartPeerWithNewKey(rekeyed);
        lab.ping();

        browser.open(console.replace("http://", "http://admin:" + password + "@") + "/xmpp-federation");
        WebElement row = new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> {
            d.navigate().refresh();
            return d.findElements(By.cssSelector("#pc-streams tr.pc-warning")).stream().findFirst().orElse(null);
        });
        assertEquals(sha256(rekeyed.certificate()), row.findElement(By.className("pc-fingerprint")).getText());
        assertTrue(row.findElement(By.className("pc-change")).getText().startsWith("WARNING: certificate changed to a new key"),
                row.getText());
        WebElement memory = browser.driver.findElement(By.cssSelector("#pc-memory tr[data-domain='b.test']"));
        assertTrue(memory.getAttribute("class").contains("pc-warning"), "the certificate memory highlights the change");
        assertTrue(memory.getText().contains(sha256(firstCertificate)), "the previous fingerprint is shown: " + memory.getText());
        assertEquals("Store: local files (this node's data area)", browser.driver.findElement(By.id("pc-store")).getText(),
                "a single node without dev.portcullis.store keeps its state in local files (docs/STORE.md)");
        browser.screenshot("03-xmpp-federation-after-key-change");

        row.findElement(By.cssSelector(".pc-id a")).click();
        WebElement warning = new WebDriverWait(browser.driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("pc-change-warning")));
        assertTrue(warning.getText().contains(sha256(firstCertificate)), warning.getText());
        String endEntity = browser.driver.findElements(By.className("pc-certificate")).get(0).getText();
        assertTrue(endEntity.contains("XmppAddr: " + HOSTILE_IMG), endEntity);
        assertTrue(endEntity.contains("XmppAddr: " + HOSTILE_SCRIPT), endEntity);
        assertTrue(browser.driver.findElements(By.cssSelector(".pc img, .pc script")).isEmpty(),
                "certificate fields must not become markup");
        assertNotEquals("pwned", browser.driver.getTitle());
        browser.screenshot("04-stream-detail-after-key-change");
    }

    @Test
    @Order(5)
    void scriptsGetTheSameFactsAsJson() throws Exception {
        HttpResponse<String> streams = get("/xmpp-federation/streams.json", "admin:" + password);
        assertEquals(200, streams.statusCode());
        assertTrue(streams.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        String body = streams.body();
        assertTrue(body.contains("\"tlsVersion\" : \"TLSv1.3\""), body);
        assertTrue(body.contains("\"authMethod\" : \"SASL_EXTERNAL\""), body);
        assertTrue(body.contains("\"certificateChangeWarning\" : true"), body);
        Matcher id = Pattern.compile("\"id\" : \"([^\"]+)\"").matcher(body);
        assertTrue(id.find(), body);
        String one = get("/xmpp-federation/stream.json?id=" + id.group(1), "admin:" + password).body();
        assertTrue(one.contains("\"certificateChain\"") && one.contains("\"sha1\""), one);
        String memory = get("/xmpp-federation/certificates.json", "admin:" + password).body();
        assertTrue(memory.contains("\"domain\" : \"b.test\"") && memory.contains("\"lastChangeKind\" : \"CHANGED\""), memory);
        assertTrue(get("/xmpp-federation/policy.json", "admin:" + password).body().contains("\"profile\" : \"rfc9325\""));
        assertTrue(get("/xmpp-federation/events.json", "admin:" + password).body().contains("dev/portcullis/s2s/AUTHENTICATED"));
        assertEquals(404, get("/xmpp-federation/stream.json?id=no-such-stream", "admin:" + password).statusCode());
        assertEquals(401, get("/xmpp-federation/streams.json", null).statusCode());
    }

    @Test
    @Order(6)
    void configurationFormsComeFromMetatype() throws Exception {
        browser.open(console.replace("http://", "http://admin:" + password + "@") + "/configMgr");
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> d.getPageSource().contains("Portcullis s2s server"));
        String page = browser.driver.getPageSource();
        assertTrue(page.contains("Metatype Service is available"), "the console renders forms from Metatype");
        assertTrue(page.contains("Portcullis web console"), "the console's own configuration has a form");
        assertTrue(page.contains("Portcullis TLS policy"), "the TLS policy has a form");
        browser.screenshot("05-configuration");
    }

    // ---- helpers

    static WebElement outboundRow() {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> {
            for (WebElement r : d.findElements(By.cssSelector("#pc-streams tbody tr"))) {
                if (r.findElement(By.className("pc-direction")).getText().equals("outbound")
                        && r.findElement(By.className("pc-peer")).getText().equals(TwoHosts.B)) {
                    return r;
                }
            }
            d.navigate().refresh();
            return null;
        });
    }

    static HttpResponse<String> get(String path, String credentials) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(console + path)).timeout(Duration.ofSeconds(10));
        if (credentials != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String sha256(X509Certificate c) throws Exception {
        return fingerprint(c, "SHA-256");
    }

    static String fingerprint(X509Certificate c, String algorithm) throws Exception {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance(algorithm).digest(c.getEncoded()));
    }

}
