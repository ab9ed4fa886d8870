package dev.portcullis.it.dna;

import static dev.portcullis.it.dna.DnaLab.OURS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Pin squatting against the running distribution (RFC 7590 §3.6: the memory tracks the authenticated peer): an
 * impostor with a valid certificate for {@code evil.test} claims a domain it does not own, in its stream header
 * and in a {@code db:result} on its own stream, before the real owner (a real Prosody) ever connects. The memory
 * must not learn the impostor's certificate for that domain: the real peer then raises no "changed" warning, and
 * under {@code on-certificate-change = require-proof} it is not locked out.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CertificatePinSquattingIT {
    static final String GOOD = "good.test";
    /** A second real peer, unseen until the require-proof test, whose certificate no prooftype proves. */
    static final String UNPROVEN = "plain.test";
    static final String EVIL = "evil.test";
    static DnaLab lab;
    static IssuedCertificate good;
    static IssuedCertificate unproven;
    static IssuedCertificate evil;

    @BeforeAll
    static void start() throws Exception {
        lab = new DnaLab("CertificatePinSquattingIT");
        lab.dns = lab.dns().start();
        good = lab.ca.issue(GOOD).dnsName(GOOD).build();
        unproven = TestCa.create("Nobody trusts this CA").issue(UNPROVEN).dnsName(UNPROVEN).build();
        evil = lab.ca.issue(EVIL).dnsName(EVIL).build();
        lab.prosody = lab.prosody().host(GOOD, good.writePem(lab.dir.resolve("good-certs"), GOOD))
                .host(UNPROVEN, unproven.writePem(lab.dir.resolve("plain-certs"), UNPROVEN)).start();
        String route = lab.prosodyAddress + ":" + lab.prosodyPort;
        lab.startHost("squatting", Map.of("routes", GOOD + "=" + route + "," + UNPROVEN + "=" + route),
                Map.of("prooftypes", "pkix", "pkix.trust-files", lab.caFile.toString()));
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    /** Both claims of the issue: the header's from, and a db:result on a stream that names evil.test. */
    static void impostorClaims(String victim) throws IOException {
        try (ClaimingPeer header = ClaimingPeer.connect(lab.ourAddress, lab.ourPort, victim, OURS, evil)) {
            awaitAnswer(header, "</stream:features>"); // sent once the certificate has been judged for victim
        }
        try (ClaimingPeer own = ClaimingPeer.connect(lab.ourAddress, lab.ourPort, EVIL, OURS, evil)) {
            awaitAnswer(own, "</stream:features>");
            own.sendResult(victim);
            awaitAnswer(own, "type=");
        }
    }

    /** Waits for our host's answer; a closed stream is an answer too (the claim was refused). */
    static void awaitAnswer(ClaimingPeer peer, String marker) throws IOException {
        try {
            peer.readUntil(marker, Duration.ofSeconds(15));
        } catch (AssertionError closedOrRefused) {
            // the verdict has been taken either way; what matters is what the memory learnt
        }
    }

    static String memoryFile() throws IOException {
        try (Stream<Path> files = Files.walk(lab.host.dir().resolve("data"))) {
            return files.filter(p -> p.getFileName().toString().equals("certificate-memory.json")).findFirst()
                    .map(f -> {
                        try {
                            return Files.readString(f);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }).orElse("");
        }
    }

    static String fingerprint(X509Certificate c) throws Exception {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(c.getEncoded()));
    }

    /** A field of {@code peer}'s entry in certificate-memory.json, or {@code null} when it is not remembered. */
    static String remembered(String peer, String field) throws IOException {
        var m = Pattern.compile("\"" + Pattern.quote(peer) + "\"\\s*:\\s*\\{[^}]*\"" + field
                + "\"\\s*:\\s*\"([^\"]+)\"").matcher(memoryFile());
        return m.find() ? m.group(1) : null;
    }

    @Test
    @Order(1)
    void aClaimedButUnprovenAssociationIsNotLearntRfc7590Section36() throws Exception {
        long mark = lab.host.logPosition();
        impostorClaims(GOOD);
        assertNoChangeWarningSince(mark, GOOD);
        String evilFingerprint = fingerprint(evil.certificate());
        assertNotEquals(evilFingerprint, remembered(GOOD, "fingerprint"),
                () -> "the impostor's certificate was learnt as " + GOOD + "'s:\n" + memoryDump());
    }

    @Test
    @Order(2)
    void theRealPeerIsFirstSeenWithoutAChangedWarningRfc7590Section36() throws Exception {
        long mark = lab.host.logPosition();
        ProsodyServer.PingResult r = lab.ping(GOOD, OURS);
        assertTrue(r.success(), () -> r.output() + lab.diagnostics());
        assertEquals(fingerprint(good.certificate()), remembered(GOOD, "fingerprint"), memoryDump());
        assertEquals("FIRST_SEEN", remembered(GOOD, "lastChangeKind"), "the real good.test is first seen, not 'changed'");
        assertNoChangeWarningSince(mark, GOOD);
    }

    @Test
    @Order(3)
    void anUnprovenImpostorNeverDisplacesTheRememberedCertificateRfc7590Section36() throws Exception {
        long mark = lab.host.logPosition();
        impostorClaims(GOOD);
        assertNoChangeWarningSince(mark, GOOD);
        assertEquals(fingerprint(good.certificate()), remembered(GOOD, "fingerprint"), memoryDump());
        assertEquals("FIRST_SEEN", remembered(GOOD, "lastChangeKind"), memoryDump());
    }

    /**
     * The dialback round trip of a claim makes our host connect to the real peer, whose proven certificate must
     * then not be reported as a change from the impostor's.
     */
    static void assertNoChangeWarningSince(long mark, String peer) {
        String since = lab.host.log().substring((int) Math.min(mark, lab.host.log().length()));
        assertFalse(since.contains("The certificate of " + peer + " changed"), since);
    }

    static String memoryDump() {
        try {
            return memoryFile();
        } catch (IOException e) {
            return "(certificate-memory.json unreadable: " + e.getMessage() + ")";
        }
    }

    @Test
    @Order(4)
    void requireProofDoesNotLockOutAnUnseenPeerAfterAnImpostorClaimedItRfc7590Section36() throws Exception {
        long mark = lab.host.logPosition();
        Map<String, String> dna = new HashMap<>(lab.dnaConfig);
        dna.put("on-certificate-change", "require-proof");
        lab.host.config("dev.portcullis.dna", dna);
        lab.host.awaitLogSince(mark, "on certificate change: require-proof", Duration.ofSeconds(20));
        impostorClaims(UNPROVEN);
        // the real plain.test has a certificate no prooftype proves: dialback authenticates it (XEP-0220)
        ProsodyServer.PingResult r = lab.ping(UNPROVEN, OURS);
        assertTrue(r.success(), () -> "the real " + UNPROVEN + " was locked out:\n" + r.output() + lab.diagnostics());
        String since = lab.host.log().substring((int) Math.min(mark, lab.host.log().length()));
        assertFalse(since.contains(UNPROVEN + " is refused: it presents a new key"), since);
    }
}
