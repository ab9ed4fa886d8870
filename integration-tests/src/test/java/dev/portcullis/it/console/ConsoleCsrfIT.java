package dev.portcullis.it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.host.PortcullisHome;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Cross-site request forgery against the Web Console (OWASP CSRF Prevention Cheat Sheet), in a real headless
 * Chromium and over plain HTTP, against a host of the real distribution. A page of another origin
 * ({@code 127.0.0.2}) must not change the TLS policy with the administrator's cached Basic credentials — e.g.
 * add a plaintext peer, after which STARTTLS is no longer required for it (RFC 7590 §3.1 downgrade) — nor frame
 * the console (clickjacking), while the administrator's own configuration form keeps working.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleCsrfIT {
    static final String DOMAIN = "a.test";
    static final String LOOPBACK = "127.0.0.1";
    /** Another origin on this machine: a different host, so a different site for the browser. */
    static final String ATTACKER_ADDRESS = "127.0.0.2";
    static final String TLS_PID = "dev.portcullis.tls";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String REFUSAL = "Refused: this request did not come from the web console's own pages";

    static PortcullisHome host;
    static int consolePort;
    static String console;
    static String origin;
    static String password;
    /** Another host: a different site for the browser. */
    static HttpServer crossSiteServer;
    static String crossSite;
    /** The console's host on another port: the same site (cookies with SameSite go there), another origin. */
    static HttpServer sameSiteServer;
    static String sameSite;
    static Browser browser;
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws IOException {
        TestCa ca = TestCa.create("ConsoleCsrfIT CA");
        host = PortcullisHome.create("console-csrf");
        Path caFile = ca.writeCertificate(host.dir().resolve("ca.pem"));
        int s2sPort = ProsodyServer.freePort(LOOPBACK);
        consolePort = ProsodyServer.freePort(LOOPBACK);
        host.config("dev.portcullis.server", Map.of("listen", LOOPBACK + ":" + s2sPort));
        host.config("dev.portcullis.dna", Map.of("prooftypes", "pkix", "pkix.system-trust", "false",
                "pkix.trust-files", caFile.toString(), "dns.servers", LOOPBACK + ":" + ProsodyServer.freePort(LOOPBACK)));
        host.config("org.apache.felix.http", Map.of("org.apache.felix.http.host", LOOPBACK,
                "org.osgi.service.http.port", String.valueOf(consolePort)));
        host.domain(DOMAIN, ca.issue(DOMAIN).dnsName(DOMAIN).xmppAddr(DOMAIN).build());
        host.start();
        String line = host.awaitLog("Web console at .*", Duration.ofSeconds(30));
        Matcher m = Pattern.compile("Web console at (http://\\S+/system/console) - user admin, password in (\\S+)").matcher(line);
        assertTrue(m.find(), line);
        console = m.group(1);
        origin = "http://" + LOOPBACK + ":" + consolePort;
        password = Files.readString(Path.of(m.group(2))).trim();
        host.awaitLog("Started ServerConnector.*\\{127\\.0\\.0\\.1:" + consolePort + "\\}", Duration.ofSeconds(20));
        crossSiteServer = attackerSite(ATTACKER_ADDRESS);
        crossSite = "http://" + ATTACKER_ADDRESS + ":" + crossSiteServer.getAddress().getPort();
        sameSiteServer = attackerSite(LOOPBACK);
        sameSite = "http://" + LOOPBACK + ":" + sameSiteServer.getAddress().getPort();
        browser = Browser.start(host.dir().resolve("browser"), ConsoleIT.SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        for (HttpServer s : new HttpServer[] {crossSiteServer, sameSiteServer}) {
            if (s != null) {
                s.stop(0);
            }
        }
        if (host != null) {
            host.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("A cross-site form posted with the admin's cached login cannot add a plaintext peer (RFC 7590 §3.1 downgrade via CSRF; OWASP CSRF prevention)")
    void aCrossSiteFormWithTheCachedLoginCannotAddAPlaintextPeerRfc7590Section31() throws Exception {
        assertEquals(List.of(), plaintextPeers(), "no plaintext peer to begin with");
        loginInBrowser();

        browser.open(crossSite + "/plaintext-peer");
        awaitForgedPostAnswered();
        browser.screenshot("10-csrf-cross-site-form-refused");
        assertEquals(403L, navigationStatus(), "the forged POST from another site is refused");
        assertTrue(bodyText().startsWith(REFUSAL), bodyText());
        assertFalse(storedTlsConfiguration().contains("forged-"), "the stored configuration is unchanged");
    }

    @Test
    @Order(2)
    @DisplayName("A form of another origin on the same site (another loopback port) cannot add a plaintext peer either (RFC 7590 §3.1 downgrade via CSRF; OWASP CSRF prevention)")
    void aSameSiteFormOfAnotherOriginCannotAddAPlaintextPeerRfc7590Section31() throws Exception {
        loginInBrowser();
        browser.open(sameSite + "/plaintext-peer");
        awaitForgedPostAnswered();
        assertEquals(403L, navigationStatus(), "the forged POST from another port of the same host is refused");
        assertTrue(bodyText().startsWith(REFUSAL), bodyText());
        assertFalse(storedTlsConfiguration().contains("forged-"), "the stored configuration is unchanged");

        // a GET that Felix's configuration manager runs as a POST (?post=true), from an <img> of that origin
        loginInBrowser();
        browser.open(sameSite + "/plaintext-peer-image");
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> d.getTitle().equals("image done"));
        assertFalse(storedTlsConfiguration().contains("forged-"), "the stored configuration is unchanged");
    }

    @Test
    @Order(3)
    @DisplayName("The admin's own configuration form still changes the TLS policy; the forged changes never took effect (OWASP CSRF prevention)")
    void theAdminsOwnConfigurationFormStillWorksAndTheForgedChangeNeverTookEffect() throws Exception {
        loginInBrowser();
        String before = profile();
        String next = before.equals("tls13") ? "rfc9325" : "tls13";
        browser.open(console + "/configMgr/" + TLS_PID);
        WebElement select = new WebDriverWait(browser.driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#editorForm select[name='profile']")));
        new Select(select).selectByValue(next);
        browser.screenshot("11-csrf-own-form");
        WebElement save = browser.driver.findElements(By.cssSelector(".ui-dialog-buttonpane button")).stream()
                .filter(b -> b.getText().equals("Save")).findFirst().orElseThrow();
        save.click();
        awaitPolicy(p -> p.path("profile").asText().equals(next), "profile " + next);
        // configuration events are delivered in order: the forged updates, had they been accepted, show by now
        assertEquals(List.of(), plaintextPeers(), "the forged plaintext peers never reached the policy");
        assertEquals(-1, host.log().indexOf("Plaintext s2s is permitted"), "no plaintext peer was ever permitted");
    }

    @Test
    @Order(4)
    @DisplayName("The admin's own multipart form (Felix's bundle upload) still works: its token goes in a form field (OWASP CSRF prevention)")
    void theAdminsOwnMultipartFormStillWorks() throws Exception {
        Path jar = uploadBundle(host.dir().resolve("upload-probe.jar"));
        assertFalse(bundlesJson().contains(UPLOAD_BSN), "not installed yet");
        loginInBrowser();
        browser.open(console + "/bundles");
        new WebDriverWait(browser.driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.installButton"))).click();
        WebElement file = new WebDriverWait(browser.driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#uploadDialog input[type='file']")));
        file.sendKeys(jar.toString());
        long refusedBefore = refusals();
        browser.driver.executeScript("window.portcullisOldPage = true");
        browser.driver.findElements(By.cssSelector(".ui-dialog-buttonpane button")).stream()
                .filter(b -> b.isDisplayed() && b.getText().equals("Install or Update")).findFirst().orElseThrow().click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> browser.driver.executeScript(
                "return window.portcullisOldPage === undefined && document.readyState === 'complete'"));
        assertEquals(200L, navigationStatus(), "Felix installs the upload and shows the bundles page: " + bodyText());
        assertEquals(refusedBefore, refusals(), "nothing of the console's own was refused");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!bundlesJson().contains(UPLOAD_BSN)) {
            assertTrue(System.nanoTime() < deadline, "the uploaded bundle was never installed: " + bundlesJson());
            Thread.sleep(100);
        }
    }

    @Test
    @Order(5)
    @DisplayName("A page of another origin cannot frame the console (OWASP clickjacking defense: CSP frame-ancestors, X-Frame-Options)")
    void anotherOriginCannotFrameTheConsole() throws Exception {
        loginInBrowser();
        browser.open(sameSite + "/frame");
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> d.getTitle().equals("frame done"));
        browser.driver.switchTo().frame("console");
        String framed = browser.driver.getPageSource();
        browser.driver.switchTo().defaultContent();
        assertTrue(!framed.contains("XMPP Federation") && !framed.contains("pc-policy"),
                "the console must not render inside another site's frame: " + framed.substring(0, Math.min(400, framed.length())));
    }

    @Test
    @Order(6)
    @DisplayName("A POST with a foreign Origin, without Origin or Referer, or with a wrong token is refused and changes nothing; the console's own token works (OWASP CSRF prevention)")
    void aPostIsAcceptedOnlyFromTheSameOriginWithTheConsolesToken() throws Exception {
        String before = profile();
        String next = before.equals("rfc7525") ? "rfc9325" : "rfc7525";
        String form = "apply=true&action=ajaxConfigManager&propertylist=plaintext-domains&plaintext-domains=forged-http.example";
        String target = "/configMgr/" + TLS_PID;

        Login login = login();
        assertEquals(403, post(target, form, Map.of("Origin", crossSite, "Cookie", login.cookie,
                "X-Portcullis-CSRF-Token", login.token)).statusCode(), "foreign Origin, even with the right token");
        assertEquals(403, post(target, form, Map.of("Referer", crossSite + "/plaintext-peer", "Cookie", login.cookie,
                "X-Portcullis-CSRF-Token", login.token)).statusCode(), "foreign Referer, no Origin");
        assertEquals(403, post(target, form, Map.of("Origin", "null", "Cookie", login.cookie,
                "X-Portcullis-CSRF-Token", login.token)).statusCode(), "opaque Origin (sandboxed frame, data: URL)");
        assertEquals(403, post(target, form, Map.of("Cookie", login.cookie, "X-Portcullis-CSRF-Token", login.token))
                .statusCode(), "neither Origin nor Referer");
        assertEquals(403, post(target, form, Map.of("Origin", origin, "Cookie", login.cookie)).statusCode(), "no token");
        assertEquals(403, post(target, form, Map.of("Origin", origin, "Cookie", login.cookie,
                "X-Portcullis-CSRF-Token", login.token.substring(1) + "A")).statusCode(), "wrong token");
        assertEquals(403, post(target, form, Map.of("Origin", origin, "X-Portcullis-CSRF-Token", login.token))
                .statusCode(), "token without its cookie");
        assertEquals(403, post(target, form + "&portcullis-csrf-token=x" + login.token, Map.of("Origin", origin,
                "Cookie", login.cookie)).statusCode(), "wrong token as a form field");
        HttpResponse<String> getAsPost = send(HttpRequest.newBuilder(URI.create(console + target + "?post=true&"
                + form)).GET(), Map.of());
        assertEquals(403, getAsPost.statusCode(), "a GET that Felix runs as a POST is a state-changing request");
        assertFalse(storedTlsConfiguration().contains("forged-"), "nothing was stored");

        HttpResponse<String> ok = post(target, "apply=true&action=ajaxConfigManager&propertylist=profile&profile=" + next, Map.of("Origin", origin, "Cookie", login.cookie,
                "X-Portcullis-CSRF-Token", login.token));
        assertEquals(302, ok.statusCode(), "the console's own request is accepted (Felix redirects after saving): "
                + ok.body());
        awaitPolicy(p -> p.path("profile").asText().equals(next), "profile " + next);
        HttpResponse<String> asField = post(target, "apply=true&action=ajaxConfigManager&propertylist=profile&profile="
                + before + "&portcullis-csrf-token=" + URLEncoder.encode(login.token, StandardCharsets.UTF_8),
                Map.of("Referer", origin + "/system/console/configMgr", "Cookie", login.cookie));
        assertEquals(302, asField.statusCode(), "same-origin Referer and the token as a form field: " + asField.body());
        awaitPolicy(p -> p.path("profile").asText().equals(before), "profile " + before);
        // configuration events are delivered in order: a forged update, had it been accepted, shows by now
        assertEquals(List.of(), plaintextPeers(), "no forged plaintext peer reached the policy");
    }

    @Test
    @Order(7)
    @DisplayName("Console pages forbid framing and caching; a refusal names what to do (OWASP clickjacking defense)")
    void everyConsoleResponseForbidsFramingAndStoring() throws Exception {
        for (String path : List.of("/xmpp-federation", "/configMgr", "/xmpp-federation/policy.json", "/bundles.json")) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(console + path)).GET(), Map.of());
            assertEquals(200, r.statusCode(), path);
            assertEquals("SAMEORIGIN", r.headers().firstValue("X-Frame-Options").orElse(""), path);
            assertEquals("frame-ancestors 'self'", r.headers().firstValue("Content-Security-Policy").orElse(""), path);
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""), path);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), path);
            assertEquals("same-origin", r.headers().firstValue("Referrer-Policy").orElse(""), path);
        }
        HttpResponse<String> refused = post("/configMgr/" + TLS_PID, "apply=true", Map.of("Origin", crossSite));
        assertEquals(403, refused.statusCode());
        assertEquals("SAMEORIGIN", refused.headers().firstValue("X-Frame-Options").orElse(""));
        assertTrue(refused.body().startsWith(REFUSAL),
                refused.body());
        assertEquals(401, send(HttpRequest.newBuilder(URI.create(console + "/configMgr/" + TLS_PID))
                .POST(HttpRequest.BodyPublishers.ofString("apply=true")), Map.of("Origin", origin), false).statusCode(),
                "without a login the console still asks for one first");
    }

    // ---- the other site

    /** Pages of another origin that try to use the administrator's cached login on the console. */
    static HttpServer attackerSite(String address) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        String target = "http://" + LOOPBACK + ":" + consolePort + "/system/console/configMgr/" + TLS_PID;
        page(server, "/plaintext-peer", "<!DOCTYPE html><html><head><title>win a prize</title></head>"
                + "<body onload='document.forms[0].submit()'><form method='post' action='" + target + "'>"
                + "<input type='hidden' name='apply' value='true'>"
                + "<input type='hidden' name='action' value='ajaxConfigManager'>"
                + "<input type='hidden' name='propertylist' value='plaintext-domains'>"
                + "<input type='hidden' name='plaintext-domains' value='forged-form.example'>"
                + "</form></body></html>");
        page(server, "/plaintext-peer-image", "<!DOCTYPE html><html><head><title>image</title></head><body>"
                + "<img src='" + target + "?post=true&amp;apply=true&amp;action=ajaxConfigManager&amp;propertylist="
                + "plaintext-domains&amp;plaintext-domains=forged-image.example' onload=\"document.title='image done'\" "
                + "onerror=\"document.title='image done'\"></body></html>");
        page(server, "/frame", "<!DOCTYPE html><html><head><title>frame</title></head><body>"
                + "<iframe name='console' src='http://" + LOOPBACK + ":" + consolePort + "/system/console/xmpp-federation' "
                + "onload=\"document.title='frame done'\"></iframe></body></html>");
        server.start();
        return server;
    }

    static void page(HttpServer server, String path, String html) {
        server.createContext(path, exchange -> {
            byte[] body = html.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    // ---- helpers

    /** The administrator logs in: Chromium keeps the Basic credentials for the console's origin. */
    static void loginInBrowser() {
        browser.open(console.replace("http://", "http://admin:" + password + "@") + "/xmpp-federation");
        new WebDriverWait(browser.driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("pc-policy")));
    }

    /** The forged form navigates the window to the console: wait for the console's answer. */
    static void awaitForgedPostAnswered() {
        new WebDriverWait(browser.driver, Duration.ofSeconds(15))
                .until(d -> d.getCurrentUrl().startsWith(console + "/configMgr/"));
    }

    /** The TLS configuration as Configuration Admin stores it (written before the POST is answered). */
    static String storedTlsConfiguration() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(console + "/configMgr/" + TLS_PID + ".json")).GET(), Map.of());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"pid\":\"" + TLS_PID + "\""), r.body());
        return r.body();
    }

    static final String UPLOAD_BSN = "dev.portcullis.it.console.upload";

    /** An empty bundle to install through the console's upload form. */
    static Path uploadBundle(Path file) throws IOException {
        java.util.jar.Manifest m = new java.util.jar.Manifest();
        m.getMainAttributes().putValue("Manifest-Version", "1.0");
        m.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        m.getMainAttributes().putValue("Bundle-SymbolicName", UPLOAD_BSN);
        m.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(file), m)) {
            out.flush();
        }
        return file;
    }

    static String bundlesJson() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(console + "/bundles.json")).GET(), Map.of());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    static long refusals() {
        return host.log().lines().filter(l -> l.contains("Web console refused")).count();
    }

    static Object navigationStatus() {
        return browser.driver.executeScript("return performance.getEntriesByType('navigation')[0].responseStatus");
    }

    static String bodyText() {
        return browser.driver.findElement(By.tagName("body")).getText();
    }

    record Login(String cookie, String token) {
    }

    /** What a console page gives its own scripts: the session cookie and the anti-CSRF token. */
    static Login login() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(console + "/xmpp-federation")).GET(), Map.of());
        assertEquals(200, page.statusCode());
        String cookie = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("portcullis-csrf="))
                .findFirst().orElseThrow(() -> new AssertionError("no portcullis-csrf cookie: " + page.headers().map()));
        assertTrue(cookie.contains("SameSite=Strict") && cookie.contains("HttpOnly"), cookie);
        Matcher token = Pattern.compile("<meta name=\"portcullis-csrf-token\" content=\"([A-Za-z0-9_-]+)\"").matcher(page.body());
        assertTrue(token.find(), "the page carries the token for its own scripts");
        return new Login(cookie.substring(0, cookie.indexOf(';')), token.group(1));
    }

    static String profile() throws Exception {
        return policy().path("profile").asText();
    }

    static List<String> plaintextPeers() throws Exception {
        List<String> peers = new ArrayList<>();
        policy().path("plaintextPeers").forEach(p -> peers.add(p.asText()));
        return peers;
    }

    /** The TLS policy in force, as the host's own JSON view reports it. */
    static JsonNode policy() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(console + "/xmpp-federation/policy.json")).GET(), Map.of());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    static void awaitPolicy(java.util.function.Predicate<JsonNode> condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode p = policy();
        while (!condition.test(p)) {
            assertTrue(System.nanoTime() < deadline, "the TLS policy never showed " + what + ": " + p);
            Thread.sleep(100);
            p = policy();
        }
    }

    static HttpResponse<String> post(String path, String form, Map<String, String> headers) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(console + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)), headers);
    }

    static HttpResponse<String> send(HttpRequest.Builder b, Map<String, String> headers) throws Exception {
        return send(b, headers, true);
    }

    static HttpResponse<String> send(HttpRequest.Builder b, Map<String, String> headers, boolean login) throws Exception {
        b.timeout(Duration.ofSeconds(10));
        if (login) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    ("admin:" + password).getBytes(StandardCharsets.UTF_8)));
        }
        headers.forEach(b::header);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertNotEquals(500, r.statusCode(), r.body());
        return r;
    }
}
