package dev.portcullis.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The DNSSEC trust anchors the checker ships (RFC 7958: IANA root KSK-2017 and KSK-2024; docs/LIBRARIES.md trap 10). */
class DnsTest {
    @Test
    void shipsBothIanaRootKsksAndTheValidatorLoadsThem() throws Exception {
        String anchors;
        try (InputStream in = Dns.class.getResourceAsStream(Dns.ROOT_ANCHORS)) {
            assertNotNull(in, Dns.ROOT_ANCHORS);
            anchors = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        assertTrue(anchors.contains("DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D"));
        assertTrue(anchors.contains("DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16"));
        Dns dns = Dns.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 53), null, Clock.systemUTC(),
                Duration.ofSeconds(1));
        assertEquals("127.0.0.1:53", dns.description());
    }
}
