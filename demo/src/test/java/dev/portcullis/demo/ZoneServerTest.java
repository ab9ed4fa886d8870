package dev.portcullis.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * The demo's DNS server is only useful if a real validating resolver accepts it: dnsjava's own
 * {@link ValidatingResolver} (what the hosts use) validates positive answers and authenticated denials
 * (RFC 4035 §5) against the DS trust anchor the demo writes, and refuses answers once the anchor is wrong.
 */
class ZoneServerTest {
    private static final Name ZONE = Name.fromConstantString("test.");

    @TempDir
    static Path dir;
    static SignedZone zone;
    static ZoneServer server;
    static DemoLog log;

    @BeforeAll
    static void start() throws Exception {
        Name srv = Name.fromConstantString("_xmpp-server._tcp.dane.test.");
        Name target = Name.fromConstantString("xmpp.dane.test.");
        List<org.xbill.DNS.Record> records = List.of(
                new ARecord(target, DClass.IN, 300, InetAddress.getByName("127.0.0.1")),
                new SRVRecord(srv, DClass.IN, 300, 0, 0, 5269, target),
                new TLSARecord(Name.fromConstantString("_5269._tcp.xmpp.dane.test."), DClass.IN, 300, 3, 1, 1,
                        new byte[32]));
        zone = SignedZone.sign(ZONE, records, Instant.now(), Duration.ofDays(1));
        log = new DemoLog(dir.resolve("dns.log"), Clock.systemUTC());
        server = ZoneServer.start(zone, log);
    }

    @AfterAll
    static void stop() {
        server.close();
        log.close();
    }

    private static ValidatingResolver resolver(String anchors) throws Exception {
        SimpleResolver head = new SimpleResolver(server.address());
        head.setTimeout(Duration.ofSeconds(3));
        ValidatingResolver v = new ValidatingResolver(head, Clock.systemUTC());
        v.loadTrustAnchors(new ByteArrayInputStream(anchors.getBytes(StandardCharsets.US_ASCII)));
        return v;
    }

    private static Message ask(ValidatingResolver r, String name, int type) throws Exception {
        return r.send(Message.newQuery(org.xbill.DNS.Record.newRecord(Name.fromConstantString(name), type, DClass.IN)));
    }

    @Test
    void srvAnswerValidatesAsSecureRfc4035Section5() throws Exception {
        Message m = ask(resolver(zone.trustAnchorFile()), "_xmpp-server._tcp.dane.test.", Type.SRV);
        assertEquals(Rcode.NOERROR, m.getRcode());
        assertTrue(m.getHeader().getFlag(Flags.AD), "SRV answer should be secure:\n" + m);
        assertEquals(1, m.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.SRV).count());
    }

    @Test
    void tlsaAnswerValidatesAsSecureRfc7673Section3() throws Exception {
        Message m = ask(resolver(zone.trustAnchorFile()), "_5269._tcp.xmpp.dane.test.", Type.TLSA);
        assertTrue(m.getHeader().getFlag(Flags.AD), "TLSA answer should be secure:\n" + m);
    }

    @Test
    void missingNameIsASecureNxdomainRfc4035Section3_1_3_2() throws Exception {
        Message m = ask(resolver(zone.trustAnchorFile()), "_xmpps-server._tcp.dane.test.", Type.SRV);
        assertEquals(Rcode.NXDOMAIN, m.getRcode(), m.toString());
        assertTrue(m.getHeader().getFlag(Flags.AD), "authenticated denial expected:\n" + m);
    }

    @Test
    void missingTypeIsASecureNodataRfc4035Section3_1_3_1() throws Exception {
        Message m = ask(resolver(zone.trustAnchorFile()), "xmpp.dane.test.", Type.AAAA);
        assertEquals(Rcode.NOERROR, m.getRcode(), m.toString());
        assertTrue(m.getSection(Section.ANSWER).isEmpty());
        assertTrue(m.getHeader().getFlag(Flags.AD), "authenticated NODATA expected:\n" + m);
    }

    @Test
    void emptyNonTerminalIsASecureNodataRfc4592() throws Exception {
        Message m = ask(resolver(zone.trustAnchorFile()), "_tcp.dane.test.", Type.A);
        assertEquals(Rcode.NOERROR, m.getRcode(), m.toString());
        assertTrue(m.getHeader().getFlag(Flags.AD), "authenticated NODATA for an empty non-terminal:\n" + m);
    }

    @Test
    void answersFailValidationAgainstAnotherZonesAnchor() throws Exception {
        SignedZone other = SignedZone.sign(ZONE, List.of(), Instant.now(), Duration.ofDays(1));
        Message m = ask(resolver(other.trustAnchorFile()), "_xmpp-server._tcp.dane.test.", Type.SRV);
        assertFalse(m.getHeader().getFlag(Flags.AD), "a wrong anchor must not validate:\n" + m);
        assertEquals(Rcode.SERVFAIL, m.getRcode(), m.toString());
    }

    @Test
    void namesOutsideTheZoneAreRefused() throws Exception {
        SimpleResolver plain = new SimpleResolver(server.address());
        Message m = plain.send(Message.newQuery(org.xbill.DNS.Record.newRecord(
                Name.fromConstantString("example.org."), Type.A, DClass.IN)));
        assertEquals(Rcode.REFUSED, m.getRcode());
    }

    @Test
    void answersOverTcpToo() throws Exception {
        SimpleResolver plain = new SimpleResolver(server.address());
        plain.setTCP(true);
        Message m = plain.send(Message.newQuery(org.xbill.DNS.Record.newRecord(
                Name.fromConstantString("xmpp.dane.test."), Type.A, DClass.IN)));
        assertEquals(Rcode.NOERROR, m.getRcode());
        assertEquals(1, m.getSection(Section.ANSWER).size());
    }
}
