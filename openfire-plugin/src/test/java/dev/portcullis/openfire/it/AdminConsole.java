package dev.portcullis.openfire.it;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Openfire's admin console over HTTP on loopback, logged in as {@code admin} the way its login form does it (CSRF cookie). */
final class AdminConsole {

    private final String base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;

    AdminConsole(String address, int port) {
        this.base = "http://" + address + ":" + port;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    void login(String user, String password) throws IOException, InterruptedException {
        get("/login.jsp");
        String csrf = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("csrf"))
                .map(HttpCookie::getValue).findFirst().orElseThrow(() -> new AssertionError("login.jsp set no csrf cookie"));
        String form = "login=true&csrf=" + enc(csrf) + "&username=" + enc(user) + "&password=" + enc(password);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/login.jsp"))
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 302) {
            throw new AssertionError("admin login failed: HTTP " + r.statusCode() + "\n" + r.body());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
