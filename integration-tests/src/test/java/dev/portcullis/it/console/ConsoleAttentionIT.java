package dev.portcullis.it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.it.Wire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The top of the XMPP Federation page, "what needs attention" (issue 16 item 5), in a real headless Chromium
 * against two real hosts: first empty, then busy with a live federated link and hostile peers that the host
 * refuses. The counts and problem rows the page shows are checked against what the test did, the chart is
 * drawn by the page's own script from its JSON, and peer-chosen text stays text. Screenshots are kept in
 * {@code target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleAttentionIT {
    static final int HOSTILE_ATTEMPTS = 3;
    static TwoHosts lab;
    static Browser browser;
    static String console;
    static String password;

    @BeforeAll
    static void start() throws IOException {
        lab = new TwoHosts();
        lab.start();
        String line = lab.a.awaitLog("Web console at .*", Duration.ofSeconds(30));
        Matcher m = Pattern.compile("Web console at (http://\\S+/system/console) - user admin, password in (\\S+)").matcher(line);
        assertTrue(m.find(), line);
        console = m.group(1);
        password = Files.readString(Path.of(m.group(2))).trim();
        browser = Browser.start(lab.dir.resolve("browser"), ConsoleIT.SCREENSHOTS);
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
    @DisplayName("empty state: no links, no problems, a flat chart drawn by the page from attention.json")
    void anIdleHostShowsNothingNeedsAttention() {
        openPage();
        assertEquals("0", text("#pc-counts .pc-links-count"));
        assertEquals("– (0 of 0)", text("#pc-counts .pc-encrypted-share"));
        assertEquals("No problems in the last hour.", text("#pc-problems-hour-none"));
        assertEquals("No problems in the last day.", text("#pc-problems-day-none"));
        assertEquals("0 negotiations, 0 failures in the last 60 minutes (blue: negotiated, red: failed)",
                text("#pc-chart-summary"));
        assertEquals(60, browser.driver.findElements(By.cssSelector("#pc-chart-svg rect.pc-bar-failures")).size());
        assertTrue(browser.driver.findElements(By.cssSelector("#pc-chart-svg rect:not([data-count='0'])")).isEmpty());
        browser.screenshot("20-attention-empty");
    }

    @Test
    @Order(2)
    @DisplayName("busy state: the live link counted by method, refused hostile peers listed with their clause")
    void aBusyHostShowsItsLinksAndTheRefusedPeers() throws Exception {
        lab.ping();
        for (int i = 0; i < HOSTILE_ATTEMPTS; i++) {
            stanzaBeforeAuthentication("evil.test");
        }
        // RFC 7590 §3.6: a known peer's certificate over a new key is a change the admin must see
        lab.restartPeerWithNewKey(lab.ca.issue(TwoHosts.B).dnsName(TwoHosts.B).xmppAddr(TwoHosts.B).build());
        lab.ping();
        JsonNode events = awaitEvents(HOSTILE_ATTEMPTS + 1);
        int authenticated = 0;
        for (JsonNode e : events) {
            authenticated += e.path("topic").asText().endsWith("/AUTHENTICATED") ? 1 : 0;
        }
        openPage();

        int streams = browser.driver.findElements(By.cssSelector("#pc-streams tbody tr")).size();
        assertTrue(streams >= 1, "the ping left a live link");
        assertEquals(String.valueOf(streams), text("#pc-counts .pc-links-count"), "links = the live streams listed");
        assertEquals("100% (" + streams + " of " + streams + ")", text("#pc-counts .pc-encrypted-share"));
        assertEquals(String.valueOf(streams), text("#pc-counts tr[data-method='SASL EXTERNAL'] .pc-method-count"));

        assertEquals("3", text("#pc-problems-hour-counts [data-kind='refused'] b"));
        assertEquals("1", text("#pc-problems-hour-counts [data-kind='certificate_changed'] b"));
        assertEquals("0", text("#pc-problems-hour-counts [data-kind='policy_violation'] b"));
        WebElement refused = row("#pc-problems-hour", "refused", "evil.test");
        assertEquals(String.valueOf(HOSTILE_ATTEMPTS), refused.findElement(By.className("pc-times")).getText());
        assertEquals("RFC 6120 §4.9.3.12", refused.findElement(By.className("pc-spec")).getText());
        assertTrue(refused.findElement(By.className("pc-reason")).getText().startsWith("<not-authorized/> evil.test "),
                "the reason shows as text, markup characters included: " + refused.getText());
        WebElement changed = row("#pc-problems-hour", "certificate_changed", TwoHosts.B);
        assertEquals("1", changed.findElement(By.className("pc-times")).getText());
        assertEquals(String.valueOf(HOSTILE_ATTEMPTS), row("#pc-problems-day", "refused", "evil.test")
                .findElement(By.className("pc-times")).getText());

        assertEquals(authenticated + " negotiations, " + HOSTILE_ATTEMPTS + " failures in the last 60 minutes "
                + "(blue: negotiated, red: failed)", text("#pc-chart-summary"));
        assertEquals(HOSTILE_ATTEMPTS, sum("#pc-chart-svg rect.pc-bar-failures"), "the red bars add up to the refusals");
        assertEquals(authenticated, sum("#pc-chart-svg rect.pc-bar-negotiations"));
        assertTrue(browser.driver.findElements(By.cssSelector(".pc img, .pc script:not([src])")).isEmpty(),
                "no markup from peer text, no inline script in the section");
        assertNotEquals("pwned", browser.driver.getTitle());
        browser.screenshot("21-attention-busy");
    }

    // ---- helpers

    /**
     * A hostile peer: claims {@code claimed} (XML-escaped in the header) and sends a stanza before authenticating,
     * which a.test refuses with {@code <not-authorized/>} (RFC 6120 §4.9.3.12).
     */
    static void stanzaBeforeAuthentication(String claimed) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(TwoHosts.LOOPBACK, lab.portA), 5000);
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            s.getOutputStream().write(("<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
                    + "xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback' "
                    + "from='" + claimed + "' to='a.test' version='1.0'>").getBytes(StandardCharsets.UTF_8));
            Wire.readUntil(s, in, "</stream:features>", Duration.ofSeconds(10));
            s.getOutputStream().write(("<message from='" + claimed + "' to='a.test'><body>hi</body></message>")
                    .getBytes(StandardCharsets.UTF_8));
            Wire.readUntil(s, in, "not-authorized", Duration.ofSeconds(10));
        }
    }

    /** events.json once it holds at least {@code n} alarming events (EventAdmin delivers asynchronously). */
    static JsonNode awaitEvents(int n) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode events;
        do {
            events = new ObjectMapper().readTree(get("/xmpp-federation/events.json"));
            int alarming = 0;
            for (JsonNode e : events) {
                alarming += e.path("topic").asText().endsWith("/AUTHENTICATED") ? 0 : 1;
            }
            if (alarming >= n) {
                return events;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < end);
        throw new AssertionError("fewer than " + n + " problem events: " + events);
    }

    static String get(String path) throws IOException, InterruptedException {
        java.net.http.HttpRequest r = java.net.http.HttpRequest.newBuilder(java.net.URI.create(console + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8))).build();
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(r,
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body();
    }

    static void openPage() {
        browser.open(console.replace("http://", "http://admin:" + password + "@") + "/xmpp-federation");
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d ->
                !d.findElements(By.cssSelector("#pc-chart[data-drawn='true']")).isEmpty());
    }

    /** The problem row of {@code kind} for {@code domain} in the table {@code table}. */
    static WebElement row(String table, String kind, String domain) {
        List<WebElement> rows = browser.driver.findElements(By.cssSelector(table + " tr[data-kind='" + kind + "']"));
        return rows.stream().filter(r -> r.findElement(By.className("pc-domain")).getText().equals(domain)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " row for " + domain + " in " + table + ": "
                        + browser.driver.findElement(By.id("pc-attention")).getText()));
    }

    /** The sum of the chart bars' counts. */
    static int sum(String css) {
        return browser.driver.findElements(By.cssSelector(css)).stream()
                .mapToInt(r -> Integer.parseInt(r.getAttribute("data-count"))).sum();
    }

    static String text(String css) {
        return browser.driver.findElement(By.cssSelector(css)).getText();
    }
}
