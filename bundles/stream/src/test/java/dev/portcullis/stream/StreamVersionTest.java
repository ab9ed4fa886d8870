package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6120 §4.7.5: "major.minor" as two integers. */
class StreamVersionTest {

    @Test
    void majorAndMinorAreComparedAsIntegersNotAsStringsRfc6120Section4_7_5() {
        assertTrue(version("1.10").compareTo(version("1.9")) > 0, "1.10 is above 1.9");
        // the RFC's own examples: 2.4 < 2.13 < 12.3
        assertTrue(version("2.4").compareTo(version("2.13")) < 0);
        assertTrue(version("2.13").compareTo(version("12.3")) < 0);
        assertTrue(version("1.0").compareTo(version("0.9")) > 0);
    }

    @Test
    void leadingZerosAreIgnoredRfc6120Section4_7_5() {
        assertEquals(new StreamVersion(1, 0), version("01.0"));
        assertEquals(new StreamVersion(1, 0), version("1.00"));
        assertEquals(new StreamVersion(6, 1), version("6.01"));
        assertEquals(0, version("001.000").compareTo(StreamVersion.XMPP_1_0));
    }

    @Test
    void aHeaderWithoutVersionMeansXmpp0_9Rfc6120Section4_7_5() {
        assertEquals(Optional.of(new StreamVersion(0, 9)), StreamVersion.of(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.", ".0", "1.0.0", "v1.0", "1.0 ", "-1.0", "1.-0", "1,0", "\uff11.\uff10", "1234567890.0"})
    void anythingButMajorDotMinorIsNoVersion(String attribute) {
        assertEquals(Optional.empty(), StreamVersion.of(attribute), "'" + attribute + "'");
    }

    private static StreamVersion version(String s) {
        return StreamVersion.of(s).orElseThrow();
    }
}
