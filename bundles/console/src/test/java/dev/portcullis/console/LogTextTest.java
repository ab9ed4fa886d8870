package dev.portcullis.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** CWE-117: request-controlled text cannot start a log line of its own, and stays short. */
class LogTextTest {
    @Test
    void controlCharactersAreEscapedAndLongValuesCut() {
        assertEquals("a\\u000d\\u000aINFO forged", LogText.printable("a\r\nINFO forged", 100));
        assertEquals("abc…", LogText.printable("abcdef", 3));
        assertEquals("abc", LogText.printable("abc", 3));
        assertEquals("(none)", LogText.printable(null, 3));
        assertEquals("x\\u2028", LogText.printable("x\u2028", 10));
    }
}
