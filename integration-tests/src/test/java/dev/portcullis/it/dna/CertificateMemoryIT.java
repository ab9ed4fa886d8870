package dev.portcullis.it.dna;

import static dev.portcullis.it.dna.DnaLab.OURS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The certificate memory with a real Prosody that changes its certificate between restarts (RFC 7590 §3.6):
 * first sight, a renewal over the same key, a new key (warned about), persistence across a restart of our host
 * (the memory lives in the bundle's data area), and {@code on-certificate-change = require-proof} refusing an
 * unproven new key.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CertificateMemoryIT {
    static final String PEER = "b.test";
    static final AtomicInteger RESTARTS = new AtomicInteger();
    static DnaLab lab;
    static IssuedCertificate first;
    static IssuedCertificate current;

    @BeforeAll
    static void start() throws Exception {
        lab = new DnaLab("CertificateMemoryIT");
        lab.dns = lab.dns().start();
        first = lab.ca.issue(PEER).dnsName(PEER).build();
        prosodyWith(first);
        lab.startHost("memory", Map.of("routes", PEER + "=" + lab.prosodyAddress + ":" + lab.prosodyPort),
                Map.of("prooftypes", "pkix", "pkix.trust-files", lab.caFile.toString()));
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    static void prosodyWith(IssuedCertificate cert) throws Exception {
        if (lab.prosody != null) {
            lab.prosody.stop();
        }
        String dir = "prosody-" + RESTARTS.incrementAndGet();
        lab.prosody = lab.prosody(dir).host(PEER, cert.writePem(lab.dir.resolve(dir + "-certs"), PEER)).start();
        current = cert;
    }

    static void ping() throws Exception {
        ProsodyServer.PingResult r = lab.ping(PEER, OURS);
        assertTrue(r.success(), () -> r.output() + lab.diagnostics());
    }

    static String memoryFile() throws IOException {
        try (Stream<Path> files = Files.walk(lab.host.dir().resolve("data"))) {
            Path f = files.filter(p -> p.getFileName().toString().equals("certificate-memory.json")).findFirst()
                    .orElseThrow(() -> new AssertionError("no certificate-memory.json in the bundle data area"));
            return Files.readString(f);
        }
    }

    static String fingerprint(X509Certificate c) throws Exception {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(c.getEncoded()));
    }

    static String changeKind(String direction) {
        String stream = lab.stream(direction, PEER);
        assertNotNull(stream, () -> lab.host.admin("portcullis:streams") + lab.diagnostics());
        var m = Pattern.compile("\"kind\" : \"(\\w+)\"").matcher(stream);
        assertTrue(m.find(), stream);
        return m.group(1);
    }

    @Test
    @Order(1)
    void aPeerSeenForTheFirstTimeIsRememberedInTheDataArea() throws Exception {
        ping();
        String memory = memoryFile();
        assertTrue(memory.contains("\"" + PEER + "\"") && memory.contains(fingerprint(first.certificate())), memory);
        assertTrue(memory.contains("FIRST_SEEN"), memory);
    }

    @Test
    @Order(2)
    void aRenewalOverTheSameKeyIsLoggedNotWarned() throws Exception {
        long mark = lab.host.logPosition();
        prosodyWith(lab.ca.issue(PEER).dnsName(PEER).keyPair(first.keyPair()).build());
        ping();
        lab.host.awaitLogSince(mark, Pattern.quote(PEER) + " renewed its certificate over the same key",
                Duration.ofSeconds(20));
        assertFalse(lab.host.log().substring((int) Math.min(mark, lab.host.log().length()))
                .contains("changed to a new key"));
        assertTrue(memoryFile().contains("RENEWED_SAME_KEY"), memoryFile());
    }

    @Test
    @Order(3)
    void aNewKeyIsWarnedAboutRfc7590Section36() throws Exception {
        long mark = lab.host.logPosition();
        IssuedCertificate rekeyed = lab.ca.issue(PEER).dnsName(PEER).build();
        prosodyWith(rekeyed);
        ping();
        String warning = lab.host.awaitLogSince(mark, "The certificate of " + Pattern.quote(PEER)
                + " changed to a new key.*", Duration.ofSeconds(20));
        assertTrue(warning.contains("was proven"), warning);
        assertTrue(memoryFile().contains(fingerprint(rekeyed.certificate())), memoryFile());
    }

    @Test
    @Order(4)
    void theMemorySurvivesARestartOfTheHost() throws Exception {
        lab.host.stop();
        long mark = lab.host.logPosition();
        lab.host.start();
        lab.host.awaitLogSince(mark, "listening on xmpp://", Duration.ofSeconds(30));
        ping();
        assertEquals("UNCHANGED", changeKind("INBOUND"), "the key remembered before the restart is recognised");
    }

    @Test
    @Order(5)
    void theMemorySurvivesAnUpdateOfTheDnaBundle() throws Exception {
        String bundles = lab.host.admin("lb -s");
        var id = Pattern.compile("(?m)^\\s*(\\d+)\\|.*dev\\.portcullis\\.dna-verifier").matcher(bundles);
        assertTrue(id.find(), bundles);
        long mark = lab.host.logPosition();
        lab.host.admin("update " + id.group(1));
        lab.host.awaitLogSince(mark, "Domain verification with prooftypes", Duration.ofSeconds(30));
        prosodyWith(current); // new streams, so the certificate is looked up again
        ping();
        assertEquals("UNCHANGED", changeKind("INBOUND"), "the data area outlives the bundle update");
    }

    @Test
    @Order(6)
    void requireProofRefusesAnUnprovenNewKeyRfc7590Section36() throws Exception {
        long mark = lab.host.logPosition();
        Map<String, String> dna = new HashMap<>(lab.dnaConfig);
        dna.put("on-certificate-change", "require-proof");
        lab.host.config("dev.portcullis.dna", dna);
        lab.host.awaitLogSince(mark, "on certificate change: require-proof", Duration.ofSeconds(20));
        IssuedCertificate remembered = current;
        prosodyWith(TestCa.create("Unknown CA").issue(PEER).dnsName(PEER).build());
        ProsodyServer.PingResult r = lab.ping(PEER, OURS);
        assertFalse(r.success(), () -> "an unproven new key must be refused:\n" + r.output());
        String refusal = lab.host.awaitLogSince(mark, Pattern.quote(PEER) + " is refused: it presents a new key.*",
                Duration.ofSeconds(20));
        assertTrue(refusal.contains("require-proof"), refusal);
        assertTrue(memoryFile().contains(fingerprint(remembered.certificate())), "the proven key stays remembered");
    }
}
