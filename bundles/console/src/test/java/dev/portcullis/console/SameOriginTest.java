package dev.portcullis.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** OWASP CSRF prevention, "Verifying Origin With Standard Headers": the RFC 6454 §5 comparison and its edges. */
class SameOriginTest {
    static final SameOrigin CONSOLE = SameOrigin.target("http", "127.0.0.1", 8043);

    @Test
    void theConsolesOwnOriginIsAccepted() {
        assertEquals(Optional.empty(), CONSOLE.refusal("http://127.0.0.1:8043", null));
        assertEquals(Optional.empty(), CONSOLE.refusal(null, "http://127.0.0.1:8043/system/console/configMgr?x=1#y"));
        assertEquals(Optional.empty(), SameOrigin.target("HTTP", "Console.Example", 443)
                .refusal(null, "http://console.example:443/"), "scheme and host compare case-insensitively");
        assertEquals(Optional.empty(), SameOrigin.target("http", "localhost", 80).refusal("http://localhost", null),
                "the default port may be left out");
        assertEquals(Optional.empty(), SameOrigin.target("https", "[::1]", 8443).refusal("https://[::1]:8443", null));
    }

    @Test
    void anotherHostPortOrSchemeIsRefusedAndNamedInTheReason() {
        assertEquals(Optional.of("its Origin is http://127.0.0.2:8043, not http://127.0.0.1:8043"),
                CONSOLE.refusal("http://127.0.0.2:8043", null));
        assertTrue(CONSOLE.refusal("http://127.0.0.1:8044", null).isPresent(), "another port of the same host");
        assertTrue(CONSOLE.refusal("https://127.0.0.1:8043", null).isPresent(), "another scheme");
        assertTrue(CONSOLE.refusal("http://127.0.0.1", null).isPresent(), "port 80 is not 8043");
        assertTrue(CONSOLE.refusal(null, "http://127.0.0.1:8044/system/console").isPresent());
        assertTrue(CONSOLE.refusal(null, "http://127.0.0.1.evil.example:8043/").isPresent());
    }

    @Test
    void originDecidesBeforeReferer() {
        assertTrue(CONSOLE.refusal("http://evil.example", "http://127.0.0.1:8043/system/console").isPresent());
    }

    @Test
    void noHeaderAnOpaqueOriginOrAnythingButAnOriginIsRefused() {
        assertEquals(Optional.of("it has neither Origin nor Referer, so nothing shows that a page of "
                + "http://127.0.0.1:8043 sent it"), CONSOLE.refusal(null, null));
        assertTrue(CONSOLE.refusal("null", null).orElseThrow().startsWith("its Origin is opaque"));
        assertTrue(CONSOLE.refusal("http://127.0.0.1:8043/path", null).isPresent(), "an Origin has no path");
        assertTrue(CONSOLE.refusal("", null).isPresent());
        assertTrue(CONSOLE.refusal("file:///etc/passwd", null).isPresent());
        assertTrue(CONSOLE.refusal(null, "http://admin@127.0.0.1:8043/").isPresent(), "user info is never ours");
        assertTrue(CONSOLE.refusal(null, "not a url").isPresent());
        assertFalse(SameOrigin.parse("http://[::1", false).isPresent());
    }

    @Test
    void aHostileHeaderIsQuotedPrintableAndBounded() {
        String reason = CONSOLE.refusal("http://x\n2026-12-07 WARN forged line" + "a".repeat(500), null).orElseThrow();
        assertFalse(reason.contains("\n"), reason);
        assertTrue(reason.contains("\\n2026-12-07 WARN forged line"), reason);
        assertTrue(reason.length() < 200, reason);
    }
}
