package dev.portcullis.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.DnssecStatus;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.VerificationRequest;
import dev.portcullis.dna.core.dane.TlsaMatcher;
import dev.portcullis.dna.core.pkix.ChainValidator;
import dev.portcullis.dna.dane.DaneProoftypeComponent;
import dev.portcullis.dna.locator.PeerLocatorComponent;
import dev.portcullis.dna.posh.PoshProoftypeComponent;
import dev.portcullis.testkit.ForgedCertificates;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.dns.BindServer;
import dev.portcullis.testkit.dns.DnsZone.Signing;
import dev.portcullis.testkit.dns.DnsZone;
import dev.portcullis.testkit.posh.PoshServer;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ./portcullis check} grades a server the way the host treats it: the checker's DANE and POSH checks and
 * the dna-verifier's DANE and POSH prooftypes are fed the same hostile answers — a real BIND serving a signed
 * tree with bogus signatures, TLSA records that match nothing, DANE-TA with a chain that does not reach the CA,
 * and a real HTTPS server publishing malformed and stale POSH documents — and must reach the same verdict.
 * The verifier is its plain-Java components configured as {@code etc/dev.portcullis.dna.cfg} would configure them.
 */
class SameVerdictsAsTheHostTest {
    /** The one vocabulary both sides are mapped onto. */
    enum Verdict { AUTHENTICATES, REFUSES, NOT_APPLICABLE }

    private static final TestCa CA = TestCa.create("parity XMPP CA");
    private static final TestCa WEB_CA = TestCa.create("parity web CA");
    private static final String[] POSH_DOMAINS = {"posh-good.test", "posh-both.test", "posh-zero.test",
            "posh-expired.test"};

    @TempDir
    static Path tmp;
    static BindServer bind;
    static PoshServer web;
    static Dns checkerDns;
    static X509TrustManager checkerWebTrust;
    static PeerLocatorComponent locator;
    static DaneProoftypeComponent hostDane;
    static PoshProoftypeComponent hostPosh;

    private static IssuedCertificate cert(String domain) {
        return CA.issue(domain).dnsName(domain).build();
    }

    private static final Map<String, List<X509Certificate>> CHAINS = new java.util.HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        IssuedCertificate ok = cert("dane-ok.test");
        IssuedCertificate customer = cert("customer.test");
        IssuedCertificate other = cert("other.test");
        IssuedCertificate expired = CA.issue("posh-expired.test").dnsName("posh-expired.test")
                .validity(Instant.now().minus(Duration.ofDays(3)), Instant.now().minus(Duration.ofDays(1))).build();
        CHAINS.put("dane-ok.test", ok.chain());
        CHAINS.put("dane-forged.test", ForgedCertificates.signedByEndEntity(customer, "dane-forged.test"));
        CHAINS.put("dane-mismatch.test", cert("dane-mismatch.test").chain());
        CHAINS.put("dane-bogus.test", cert("dane-bogus.test").chain());
        CHAINS.put("dane-unsigned.test", cert("dane-unsigned.test").chain());
        IssuedCertificate poshGood = cert("posh-good.test");
        CHAINS.put("posh-good.test", poshGood.chain());
        CHAINS.put("posh-both.test", cert("posh-both.test").chain());
        CHAINS.put("posh-zero.test", cert("posh-zero.test").chain());
        CHAINS.put("posh-expired.test", expired.chain());

        byte[] caSha256 = MessageDigest.getInstance("SHA-256").digest(CA.certificate().getEncoded());
        byte[] mismatchSpki = MessageDigest.getInstance("SHA-256").digest(other.certificate().getPublicKey()
                .getEncoded());
        byte[] bogusSpki = MessageDigest.getInstance("SHA-256").digest(CHAINS.get("dane-bogus.test").get(0)
                .getPublicKey().getEncoded());
        String poshAddress = ProsodyServer.freeLoopbackAddress();
        BindServer.Builder b = BindServer.builder(tmp.resolve("dns"), "test")
                .zone(daneZone("dane-ok.test", Signing.SIGNED).tlsa("_5269._tcp.xmpp", 2, 0, 1, caSha256))
                .zone(daneZone("dane-forged.test", Signing.SIGNED).tlsa("_5269._tcp.xmpp", 2, 0, 1, caSha256))
                .zone(daneZone("dane-mismatch.test", Signing.SIGNED).tlsa("_5269._tcp.xmpp", 3, 1, 1, mismatchSpki))
                .zone(daneZone("dane-bogus.test", Signing.CORRUPT_SIGNATURES)
                        .tlsa("_5269._tcp.xmpp", 3, 1, 1, bogusSpki))
                .zone(daneZone("dane-unsigned.test", Signing.UNSIGNED).tlsa("_5269._tcp.xmpp", 3, 1, 1, bogusSpki));
        TestCa.Issue webCert = WEB_CA.issue("posh-good.test");
        for (String d : POSH_DOMAINS) {
            b.zone(DnsZone.of(d, Signing.UNSIGNED).record(d + ". 300 IN A " + poshAddress));
            webCert.dnsName(d);
        }
        bind = b.start();

        // RFC 7711 §3: POSH is always asked on port 443, of an address of its own here
        web = PoshServer.start(webCert.build(), new InetSocketAddress(poshAddress, 443));
        String path = "/.well-known/posh/xmpp-server.json";
        web.put("posh-good.test", path, PoshServer.Answer.json(
                PoshServer.fingerprintsDocument(poshGood.certificate(), "sha-256", 3600)));
        web.put("posh-both.test", path, PoshServer.Answer.json("{\"url\":\"https://posh-good.test" + path + "\","
                + "\"fingerprints\":[{\"sha-256\":\"" + PoshServer.fingerprint(CHAINS.get("posh-both.test").get(0),
                "sha-256") + "\"}],\"expires\":3600}"));
        web.put("posh-zero.test", path, PoshServer.Answer.json(
                PoshServer.fingerprintsDocument(CHAINS.get("posh-zero.test").get(0), "sha-256", 0)));
        web.put("posh-expired.test", path, PoshServer.Answer.json(
                PoshServer.fingerprintsDocument(expired.certificate(), "sha-256", 3600)));

        Path webCa = WEB_CA.writeCertificate(tmp.resolve("web-ca.pem"));
        Map<String, Object> dnaCfg = Map.of("dns.servers", "127.0.0.1:" + bind.port(),
                "dns.trust-anchors", bind.trustAnchorFile().toString(), "dns.timeout-ms", "3000",
                "pkix.system-trust", "false", "pkix.trust-files", webCa.toString(), "pkix.revocation", "off");
        locator = new PeerLocatorComponent(dnaCfg);
        hostDane = new DaneProoftypeComponent(dnaCfg, locator);
        hostPosh = new PoshProoftypeComponent(dnaCfg, locator);

        checkerDns = Dns.create(new InetSocketAddress("127.0.0.1", bind.port()), bind.trustAnchorFile(),
                Clock.systemUTC(), Duration.ofSeconds(3));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("web", WEB_CA.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        checkerWebTrust = (X509TrustManager) tmf.getTrustManagers()[0];
    }

    private static DnsZone daneZone(String domain, Signing signing) {
        return DnsZone.of(domain, signing)
                .record("_xmpp-server._tcp 300 IN SRV 0 0 5269 xmpp." + domain + ".")
                .record("xmpp 300 IN A 127.0.0.1");
    }

    @AfterAll
    static void stop() {
        if (web != null) {
            web.close();
        }
        if (bind != null) {
            bind.close();
        }
    }

    private static Verdict host(ProofResult r) {
        return switch (r.status()) {
            case PROVEN -> Verdict.AUTHENTICATES;
            case NOT_APPLICABLE -> Verdict.NOT_APPLICABLE;
            default -> Verdict.REFUSES; // DISPROVEN, and ERROR, which the verifier fails closed on
        };
    }

    private static ProofResult hostProof(DaneOrPosh which, String domain) throws Exception {
        // inbound, the verifier does its own lookups of the peer's SRV targets, TLSA and POSH (RFC 7712 §5)
        VerificationRequest request = new VerificationRequest(Direction.INBOUND, domain, "local.test",
                CHAINS.get(domain), null, null);
        return (which == DaneOrPosh.DANE ? hostDane.prove(request) : hostPosh.prove(request)).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    enum DaneOrPosh { DANE, POSH }

    private static Verdict checkerDane(String domain) {
        DnsFacts facts = EndpointLocator.locate(checkerDns, domain);
        if (facts.xmppSrv().dnssec() == DnssecStatus.BOGUS || facts.xmppsSrv().dnssec() == DnssecStatus.BOGUS) {
            return Verdict.REFUSES; // the report's bogus-DNS verdict (Report, Grader)
        }
        Endpoint e = facts.endpoints().get(0);
        DaneFacts dane = DaneCheck.check(checkerDns, e, CHAINS.get(domain),
                new TlsaMatcher(Set.of(), new ChainValidator(false, false)), domain, Instant.now());
        return switch (dane.status()) {
            case MATCH -> Verdict.AUTHENTICATES;
            case MISMATCH, BOGUS -> Verdict.REFUSES;
            case NONE, NOT_SECURE, NOT_CHECKED -> Verdict.NOT_APPLICABLE;
        };
    }

    private static Verdict checkerPosh(String domain) throws Exception {
        PoshFacts posh = new PoshCheck(checkerDns, checkerWebTrust, Duration.ofSeconds(5), Clock.systemUTC())
                .check(domain, List.of(CHAINS.get(domain).get(0)));
        return switch (posh.status()) {
            case MATCH -> Verdict.AUTHENTICATES;
            case MISMATCH, INVALID -> Verdict.REFUSES;
            case NOT_PUBLISHED -> Verdict.NOT_APPLICABLE;
        };
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @DisplayName("The checker and the host reach the same verdict on the same hostile DNS, DANE and POSH inputs")
    @CsvSource({
        "DANE, dane-ok.test,       AUTHENTICATES,  'DANE-TA(2) of the issuing CA, valid chain naming the domain (RFC 7671 §5.2)'",
        "DANE, dane-forged.test,   REFUSES,        'DANE-TA(2) of the CA, chain signed by one of its end entities (RFC 7671 §5.2.2)'",
        "DANE, dane-mismatch.test, REFUSES,        'secure TLSA matching another key (RFC 7673 §4.2)'",
        "DANE, dane-bogus.test,    REFUSES,        'corrupt DNSSEC signatures (RFC 4035 §5.5, RFC 7673 §3.1)'",
        "DANE, dane-unsigned.test, NOT_APPLICABLE, 'unsigned zone: TLSA must be ignored (RFC 7673 §3)'",
        "POSH, posh-good.test,     AUTHENTICATES,  'fingerprints of the served certificate (RFC 7711 §3.3)'",
        "POSH, posh-both.test,     REFUSES,        'url and fingerprints in one document (RFC 7711 §3.1)'",
        "POSH, posh-zero.test,     REFUSES,        'expires 0 (RFC 7711 §3.1)'",
        "POSH, posh-expired.test,  REFUSES,        'fingerprint of an expired certificate (RFC 7711 §6)'",
    })
    void sameVerdict(DaneOrPosh which, String domain, Verdict expected, String input) throws Exception {
        ProofResult proof = hostProof(which, domain);
        Verdict checker = which == DaneOrPosh.DANE ? checkerDane(domain) : checkerPosh(domain);
        assertEquals(expected, host(proof), "host on " + input + ": " + proof.reason());
        assertEquals(host(proof), checker, "checker on " + input + " (host said: " + proof.reason() + ")");
    }
}
