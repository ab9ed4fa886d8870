package dev.portcullis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {

    @Test
    void defaultsListenOnLoopback5269OnlyWithHalfAMegabyteStanzaLimit() throws Exception {
        ServerSettings s = ServerSettings.parse(Map.of());
        assertEquals(new HostPort("127.0.0.1", 5269), s.listen(), "no listen key must not expose every interface");
        assertNull(s.directTlsListen());
        assertEquals(512 * 1024, s.maxStanzaSize());
        assertEquals(Duration.ofSeconds(30), s.negotiationTimeout());
        assertTrue(s.routes().isEmpty());
    }

    @Test
    void readsEveryKeyAsFileInstallHandsItOver() throws Exception {
        ServerSettings s = ServerSettings.parse(Map.of("listen", "[::1]:15269", "directtls.listen", "127.0.0.1:15270",
                "routes", "beta.test=127.0.0.1:5270, gamma.test=xmpps://127.0.0.2:5223",
                "max.stanza.size", "65536", "negotiation.timeout", "5", "idle.timeout", "300",
                "keepalive.interval", "30", "outbound.queue.limit", "10"));
        assertEquals(new HostPort("::1", 15269), s.listen());
        assertEquals(new HostPort("127.0.0.1", 15270), s.directTlsListen());
        assertEquals(new StaticRoute("beta.test", new HostPort("127.0.0.1", 5270), false), s.routes().get("beta.test"));
        assertTrue(s.routes().get("gamma.test").directTls());
        assertEquals(65536, s.maxStanzaSize());
        assertEquals(Duration.ofSeconds(5), s.negotiationTimeout());
        assertEquals(10, s.outboundQueueLimit());
    }

    @Test
    void unauthenticatedElementBudgetDefaultsTo500AndIsValidated() throws Exception {
        assertEquals(500, ServerSettings.parse(Map.of()).negotiationMaxElements());
        assertEquals(50, ServerSettings.parse(Map.of("negotiation.max.elements", "50")).negotiationMaxElements());
        ConfigRejected e = assertThrows(ConfigRejected.class,
                () -> ServerSettings.parse(Map.of("negotiation.max.elements", "0")));
        assertEquals("negotiation.max.elements", e.key());
    }

    @Test
    void acceptsRoutesAsAnArrayFromConfigAdmin() throws Exception {
        ServerSettings s = ServerSettings.parse(Map.of("routes", new String[] {"beta.test=127.0.0.1:5270"}));
        assertEquals(1, s.routes().size());
    }

    @Test
    void rejectsListenWithoutPortNamingKeyAndValue() {
        ConfigRejected e = assertThrows(ConfigRejected.class, () -> ServerSettings.parse(Map.of("listen", "0.0.0.0")));
        assertEquals("listen", e.key());
        assertEquals("0.0.0.0", e.value());
        assertEquals("Rejected configuration dev.portcullis.server from /etc/x.cfg: listen = 0.0.0.0: expected host:port, "
                + "for example 0.0.0.0:5269 or [::]:5269; the previous configuration stays in force",
                e.logLine("dev.portcullis.server", "/etc/x.cfg"));
    }

    @Test
    void rejectsStanzaLimitBelowRfc6120Minimum() {
        // RFC 6120 §13.12: a server must accept stanzas of at least 10000 bytes
        ConfigRejected e = assertThrows(ConfigRejected.class,
                () -> ServerSettings.parse(Map.of("max.stanza.size", "9999")));
        assertEquals("max.stanza.size", e.key());
        assertTrue(e.reason().contains("RFC 6120 §13.12"), e.reason());
    }

    @Test
    void rejectsNonNumericTimeout() {
        ConfigRejected e = assertThrows(ConfigRejected.class,
                () -> ServerSettings.parse(Map.of("negotiation.timeout", "30s")));
        assertEquals("negotiation.timeout", e.key());
    }

    @Test
    void rejectsKeepaliveNotShorterThanIdleTimeout() {
        ConfigRejected e = assertThrows(ConfigRejected.class,
                () -> ServerSettings.parse(Map.of("idle.timeout", "60", "keepalive.interval", "60")));
        assertEquals("keepalive.interval", e.key());
    }

    @Test
    void rejectsRouteToHostNameBecauseRoutesAreForLabsWithoutDns() {
        ConfigRejected e = assertThrows(ConfigRejected.class,
                () -> ServerSettings.parse(Map.of("routes", "beta.test=beta.example:5269")));
        assertEquals("routes", e.key());
        assertTrue(e.reason().contains("IP address"), e.reason());
    }

    @Test
    void rejectsTwoRoutesForOneDomain() {
        ConfigRejected e = assertThrows(ConfigRejected.class,
                () -> ServerSettings.parse(Map.of("routes", "beta.test=127.0.0.1:1,beta.test=127.0.0.1:2")));
        assertTrue(e.reason().contains("second route"), e.reason());
    }

    @Test
    void rejectsRouteWithInvalidDomain() {
        assertThrows(ConfigRejected.class, () -> ServerSettings.parse(Map.of("routes", "bad domain=127.0.0.1:1")));
    }

    @Test
    void rejectsUnbracketedIpv6() {
        ConfigRejected e = assertThrows(ConfigRejected.class, () -> ServerSettings.parse(Map.of("listen", "::1:5269")));
        assertTrue(e.reason().contains("brackets"), e.reason());
    }

    /** RFC 6120 §13.12: bounded output for peers that do not read, with safe defaults. */
    @Test
    void outputLimitsDefaultToOneMebibytePerConnectionAnd64InTotalRfc6120Section13_12() throws Exception {
        OutputLimits d = ServerSettings.parse(Map.of()).outputLimits();
        assertEquals(1024 * 1024, d.perConnection());
        assertEquals(64L * 1024 * 1024, d.total());
        assertEquals(Duration.ofSeconds(30), d.stall());
        assertEquals(4L * 1024 * 1024, d.hardCap());
        OutputLimits set = ServerSettings.parse(Map.of("output.limit", "262144", "output.total.limit", "8388608",
                "output.stall.timeout", "10")).outputLimits();
        assertEquals(new OutputLimits(262144, 8388608, Duration.ofSeconds(10)), set);
    }

    @Test
    void outputTotalBelowThePerConnectionLimitIsRejected() {
        ConfigRejected e = assertThrows(ConfigRejected.class, () -> ServerSettings.parse(Map.of("output.limit", "1048576",
                "output.total.limit", "65536")));
        assertEquals("output.total.limit", e.key());
        assertEquals("must be at least output.limit (1048576 bytes)", e.reason());
        assertEquals("output.limit", assertThrows(ConfigRejected.class,
                () -> ServerSettings.parse(Map.of("output.limit", "1000"))).key(), "below 64 KiB");
        assertEquals("output.stall.timeout", assertThrows(ConfigRejected.class,
                () -> ServerSettings.parse(Map.of("output.stall.timeout", "0"))).key());
    }

    @Test
    void ioThreadsDefaultToOnePerProcessorAndAreValidatedFailClosed() throws Exception {
        assertEquals(4, ServerSettings.parse(Map.of(), 4).ioThreads(), "one reactor per available processor");
        assertEquals(3, ServerSettings.parse(Map.of("io.threads", "3"), 4).ioThreads());
        assertEquals(1, ServerSettings.parse(Map.of("io.threads", " "), 1).ioThreads(), "blank is the default");
        ConfigRejected zero = assertThrows(ConfigRejected.class, () -> ServerSettings.parse(Map.of("io.threads", "0")));
        assertEquals("io.threads", zero.key());
        assertEquals("out of range 1-256 (I/O threads, between 1 and 256; leave it out for one per available "
                + "processor)", zero.reason());
        assertEquals("not a whole number (I/O threads, between 1 and 256; leave it out for one per available "
                + "processor)", assertThrows(ConfigRejected.class,
                () -> ServerSettings.parse(Map.of("io.threads", "auto"))).reason());
        assertEquals("io.threads", assertThrows(ConfigRejected.class,
                () -> ServerSettings.parse(Map.of("io.threads", "257"))).key());
    }
}
