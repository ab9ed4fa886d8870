package dev.portcullis.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsAccessTest {
    static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private static int status(Optional<MetricsAccess.Refusal> r) {
        return r.map(MetricsAccess.Refusal::status).orElse(200);
    }

    @Test
    @DisplayName("by default loopback scrapers are answered and remote ones refused with 403")
    void loopbackOnlyByDefault() {
        MetricsAccess a = MetricsAccess.parse(Map.of());
        assertEquals(200, status(a.check(true, null)));
        assertEquals(403, status(a.check(false, "Bearer " + TOKEN)));
    }

    @Test
    @DisplayName("with a bearer token file only the exact token is answered (RFC 6750 §2.1), loopback included")
    void bearerTokenRequired() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        MetricsAccess a = MetricsAccess.parse(Map.of("bearer.token.file", file.toString(), "remote", "true"));
        assertEquals(401, status(a.check(true, null)));
        assertEquals(401, status(a.check(true, "Bearer " + TOKEN + "x")));
        assertEquals(401, status(a.check(true, "Basic " + TOKEN)));
        assertEquals(200, status(a.check(true, "Bearer " + TOKEN)));
        assertEquals(200, status(a.check(false, "bearer " + TOKEN)));
        Files.writeString(file, "short");
        assertEquals(503, status(a.check(true, "Bearer short")), "a weak token fails closed");
        Files.delete(file);
        assertEquals(503, status(a.check(true, "Bearer " + TOKEN)), "an unreadable token fails closed");
    }

    @Test
    @DisplayName("remote = true without a token, or a remote value that is not a boolean, is refused")
    void remoteNeedsToken() {
        assertThrows(IllegalArgumentException.class, () -> MetricsAccess.parse(Map.of("remote", "true")));
        assertThrows(IllegalArgumentException.class, () -> MetricsAccess.parse(Map.of("remote", "yes")));
    }
}
