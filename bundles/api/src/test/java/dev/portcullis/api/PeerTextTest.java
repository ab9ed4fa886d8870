package dev.portcullis.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one escaping and bounding rule for peer-controlled text in log lines (CWE-117). */
class PeerTextTest {

    @Test
    @DisplayName("a forged log line stays on the peer's line (CWE-117)")
    void newlineCannotForgeALogLine_Cwe117() {
        String forged = "evil.test\n2026-12-07 15:00:00.000 INFO  [main] Authenticated a.test <- bank.test";
        assertEquals("evil.test\\n2026-12-07 15:00:00.000 INFO  [main] Authenticated a.test <- bank.test",
                PeerText.of(forged).toString());
    }

    @Test
    void carriageReturnTabAndBackslashAreEscaped_Cwe117() {
        assertEquals("a\\rb\\tc\\\\n", PeerText.of("a\rb\tc\\n").toString());
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x00, 0x07, 0x1B, 0x1F, 0x7F, 0x85, 0x9F, 0x2028, 0x2029, 0x202E, 0x2066, 0x200F, 0xFEFF,
            0xFFFE, 0xFFFF, 0xFDD0, 0x1FFFE, 0xD800, 0xDFFF})
    @DisplayName("every control, separator, bidi control, non-character and lone surrogate is escaped")
    void invisibleAndLineBreakingCharactersAreEscaped_Cwe117(int c) {
        String s = PeerText.of("x" + new String(Character.toChars(c)) + "y").toString();
        assertEquals("x" + String.format("\\u%04x", c) + "y", s);
    }

    @Test
    void ordinaryUnicodeIsKept() {
        assertEquals("bücher.example ✓ 😀", PeerText.of("bücher.example ✓ 😀").toString());
    }

    @Test
    @DisplayName("a 400 kB value is cut at the limit, with a marker naming the original length")
    void longValueIsTruncatedWithMarkerAndLength() {
        String big = "a".repeat(400_000);
        PeerText t = PeerText.of(big);
        assertTrue(t.truncated());
        assertEquals("a".repeat(PeerText.DEFAULT_LIMIT) + "…[truncated: 400000 characters in all]", t.toString());
    }

    @Test
    void valueAtTheLimitIsNotTruncated() {
        String s = "b".repeat(PeerText.DEFAULT_LIMIT);
        assertFalse(PeerText.of(s).truncated());
        assertEquals(s, PeerText.of(s).toString());
    }

    @Test
    void escapesCountTowardsTheLimitAndAreNeverCut() {
        String s = "\n".repeat(100);
        String out = new PeerText(s, 17).toString();
        assertEquals("\\n".repeat(8) + "…[truncated: 100 characters in all]", out);
    }

    @Test
    void surrogatePairIsNeverCut() {
        String s = "😀".repeat(20);
        String out = new PeerText(s, 17).toString();
        assertEquals("😀".repeat(8) + "…[truncated: 40 characters in all]", out);
    }

    @Test
    void messageLimitIsLarger() {
        assertEquals(PeerText.MESSAGE_LIMIT, PeerText.message("x").limit());
        assertEquals("(none)", PeerText.of((String) null).toString());
        assertEquals("42", PeerText.of((Object) 42).toString());
    }

    @Test
    void tooSmallLimitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PeerText("x", 3));
    }
}
