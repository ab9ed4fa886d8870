package dev.portcullis.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The JSON documents of the console page, and the 404 that lists them for a mistyped name. */
class FederationPluginJsonTest {
    private final FederationPlugin plugin = new FederationPlugin(new SecurityEventLog(Clock.systemUTC(), 10));
    private final List<Object> errors = new ArrayList<>();
    private final StringWriter body = new StringWriter();

    private void get(String path) throws Exception {
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getPathInfo" -> path;
                    case "getParameter" -> null;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        PrintWriter writer = new PrintWriter(body);
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "sendError" -> errors.add(List.of(args));
                    case "getWriter" -> writer;
                    case "containsHeader" -> false;
                    default -> null; // headers, content type
                });
        plugin.doGet(request, response);
        writer.flush();
    }

    @Test
    @DisplayName("the 404 for an unknown JSON document lists every document served, attention.json too")
    void unknownDocumentListsEveryDocumentServed() throws Exception {
        get("/xmpp-federation/atention.json");
        assertEquals(List.of(List.of(HttpServletResponse.SC_NOT_FOUND, "no such stream or document; documents: "
                + "streams.json, stream.json?id=…, certificates.json, policy.json, events.json, attention.json")), errors);
    }

    @Test
    @DisplayName("every document the 404 lists is served as JSON (stream.json needs an id)")
    void everyListedDocumentIsServed() throws Exception {
        for (JsonDocument d : JsonDocument.values()) {
            if (d == JsonDocument.STREAM) {
                continue;
            }
            body.getBuffer().setLength(0);
            get("/xmpp-federation/" + d.file);
            assertEquals(List.of(), errors, d.file);
            assertTrue(new ObjectMapper().readTree(body.toString()).isContainerNode(), d.file + ": " + body);
        }
        get("/xmpp-federation/stream.json");
        assertEquals(HttpServletResponse.SC_NOT_FOUND, ((List<?>) errors.get(0)).get(0), "stream.json without an id");
    }
}
