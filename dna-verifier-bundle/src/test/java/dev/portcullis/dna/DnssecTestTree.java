package dev.portcullis.dna;

import dev.portcullis.dna.locator.DnsClient;
import dev.portcullis.dna.locator.Locator;
import dev.portcullis.dna.locator.ResolverFactory;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.dns.BindServer;
import dev.portcullis.testkit.dns.DnsZone;
import dev.portcullis.testkit.dns.DnsZone.Signing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One real BIND per test JVM serving a signed {@code test.} tree, and a locator validating against its key.
 * Zones (RFC 4035 §5 states): {@code good} (secure, matching TLSA), {@code mismatch} (secure, TLSA matching
 * nothing), {@code unsigned} (insecure delegation), {@code bogus} (corrupted signatures), {@code expired}
 * (expired RRSIGs), {@code hosted} (secure SRV delegating to {@code good}'s server: multi-tenancy,
 * RFC 7712 §6), {@code split} (a bogus target first, a good one second), {@code fallback} (no SRV, TLSA on
 * 5269), {@code posh} records for the HTTPS tests, {@code directonly} (only an xmpps-server SRV),
 * {@code nodirect} (xmpps-server '.', no xmpp-server SRV) and {@code starttlsonly} (xmpps-server '.', an
 * xmpp-server SRV) for XEP-0368 §5.
 */
public final class DnssecTestTree {
    public static final TestCa CA = TestCa.create("DNSSEC tree CA");
    public static final IssuedCertificate GOOD = CA.issue("xmpp.good.test").dnsName("xmpp.good.test").build();
    public static final IssuedCertificate FALLBACK = CA.issue("fallback.test").dnsName("fallback.test").build();
    public static final IssuedCertificate OTHER = CA.issue("other.test").dnsName("other.test").build();

    private static DnssecTestTree instance;

    public final BindServer bind;
    public final DnaSettings settings;
    public final Locator locator;
    public final Path dir;

    private DnssecTestTree(Path dir) throws Exception {
        this.dir = dir;
        String good = hex(sha256(GOOD.certificate().getPublicKey().getEncoded()));
        String other = hex(sha256(OTHER.certificate().getPublicKey().getEncoded()));
        this.bind = BindServer.builder(dir.resolve("bind"), "test")
                .zone(DnsZone.of("good.test", Signing.SIGNED)
                        .record("_xmpp-server._tcp 300 IN SRV 10 5 5269 xmpp.good.test.")
                        .record("_xmpps-server._tcp 300 IN SRV 5 5 5270 xmpp.good.test.")
                        .record("xmpp 300 IN A 127.0.0.1")
                        .record("_5269._tcp.xmpp 300 IN TLSA 3 1 1 " + good)
                        .record("_5270._tcp.xmpp 300 IN TLSA 3 1 1 " + good))
                .zone(DnsZone.of("mismatch.test", Signing.SIGNED)
                        .record("_xmpp-server._tcp 300 IN SRV 0 0 5269 xmpp.mismatch.test.")
                        .record("xmpp 300 IN A 127.0.0.1")
                        .record("_5269._tcp.xmpp 300 IN TLSA 3 1 1 " + other))
                .zone(DnsZone.of("unsigned.test", Signing.UNSIGNED)
                        .record("_xmpp-server._tcp 300 IN SRV 0 0 5269 xmpp.unsigned.test.")
                        .record("xmpp 300 IN A 127.0.0.1")
                        .record("_5269._tcp.xmpp 300 IN TLSA 3 1 1 " + other))
                .zone(DnsZone.of("bogus.test", Signing.CORRUPT_SIGNATURES)
                        .record("_xmpp-server._tcp 300 IN SRV 0 0 5269 xmpp.bogus.test.")
                        .record("xmpp 300 IN A 127.0.0.1")
                        .record("_5269._tcp.xmpp 300 IN TLSA 3 1 1 " + good))
                .zone(DnsZone.of("expired.test", Signing.EXPIRED_SIGNATURES)
                        .record("_xmpp-server._tcp 300 IN SRV 0 0 5269 xmpp.expired.test.")
                        .record("xmpp 300 IN A 127.0.0.1")
                        .record("_5269._tcp.xmpp 300 IN TLSA 3 1 1 " + good))
                .zone(DnsZone.of("hosted.test", Signing.SIGNED)
                        .record("_xmpp-server._tcp 300 IN SRV 0 0 5269 xmpp.good.test."))
                .zone(DnsZone.of("split.test", Signing.SIGNED)
                        .record("_xmpp-server._tcp 300 IN SRV 0 0 5269 xmpp.bogus.test.")
                        .record("_xmpp-server._tcp 300 IN SRV 10 0 5269 xmpp.good.test."))
                .zone(DnsZone.of("fallback.test", Signing.SIGNED)
                        .record("@ 300 IN A 127.0.0.1")
                        .record("@ 300 IN AAAA ::1")
                        .record("_5269._tcp 300 IN TLSA 3 0 1 " + hex(sha256(FALLBACK.certificate().getEncoded()))))
                .zone(DnsZone.of("posh.test", Signing.UNSIGNED)
                        .record("@ 300 IN A 127.0.0.1")
                        .record("hosting 300 IN A 127.0.0.1")
                        .record("wrongname 300 IN A 127.0.0.1")
                        .record("_xmpp-server._tcp 300 IN SRV 0 0 5269 hosting.posh.test."))
                .zone(DnsZone.of("dead.test", Signing.SIGNED)
                        .record("_xmpp-server._tcp 300 IN SRV 0 0 0 ."))
                // XEP-0368 §5: direct TLS only, and direct TLS refused with '.'; both zones also have an
                // address at the apex, which an A/AAAA fallback would wrongly use
                .zone(DnsZone.of("directonly.test", Signing.SIGNED)
                        .record("@ 300 IN A 127.0.0.1")
                        .record("_xmpps-server._tcp 300 IN SRV 0 0 5270 xmpp.directonly.test.")
                        .record("xmpp 300 IN A 127.0.0.1"))
                .zone(DnsZone.of("nodirect.test", Signing.SIGNED)
                        .record("@ 300 IN A 127.0.0.1")
                        .record("@ 300 IN AAAA ::1")
                        .record("_xmpps-server._tcp 300 IN SRV 0 0 0 ."))
                .zone(DnsZone.of("starttlsonly.test", Signing.SIGNED)
                        .record("@ 300 IN A 127.0.0.1")
                        .record("_xmpps-server._tcp 300 IN SRV 0 0 0 .")
                        .record("_xmpp-server._tcp 300 IN SRV 0 0 5269 xmpp.starttlsonly.test.")
                        .record("xmpp 300 IN A 127.0.0.1"))
                .start();
        this.settings = DnaSettings.parse(Map.of("dns.servers", "127.0.0.1:" + bind.port(),
                "dns.trust-anchors", bind.trustAnchorFile().toString(), "dns.timeout-ms", "3000"));
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "test-dns");
            t.setDaemon(true);
            return t;
        });
        this.locator = new Locator(new DnsClient(ResolverFactory.create(settings, Clock.systemUTC()),
                Clock.systemUTC(), Duration.ofHours(1), 1000, executor), new SplittableRandom(7));
    }

    /** Starts BIND once per JVM; it is stopped when the JVM exits. */
    public static synchronized DnssecTestTree get() throws Exception {
        if (instance == null) {
            Path dir = Files.createTempDirectory("portcullis-dnssec-");
            instance = new DnssecTestTree(dir);
            BindServer b = instance.bind;
            Runtime.getRuntime().addShutdownHook(new Thread(b::close));
        }
        return instance;
    }

    static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }
}
