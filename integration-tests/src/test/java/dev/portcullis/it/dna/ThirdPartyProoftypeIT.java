package dev.portcullis.it.dna;

import static dev.portcullis.it.dna.DnaLab.OURS;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;
import dev.portcullis.it.dna.probe.PinnedProoftype;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.io.File;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A third-party prooftype (RFC 7712 §7) in its own bundle, dropped into {@code plugins/} of a running host: the
 * verifier picks it up from the service whiteboard by the name given in {@code prooftypes}, and a Prosody whose
 * certificate no CA vouches for is then proven by it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThirdPartyProoftypeIT {
    static final String PEER = "b.test";
    static DnaLab lab;
    static IssuedCertificate peerCert;

    @BeforeAll
    static void start() throws Exception {
        lab = new DnaLab("ThirdPartyProoftypeIT");
        lab.dns = lab.dns().start();
        peerCert = TestCa.create("CA nobody trusts").issue(PEER).dnsName(PEER).build();
        lab.prosody = lab.prosody("prosody-1").host(PEER, peerCert.writePem(lab.dir.resolve("certs-1"), PEER)).start();
        lab.startHost("pinned", Map.of("routes", PEER + "=" + lab.prosodyAddress + ":" + lab.prosodyPort),
                Map.of("prooftypes", "pkix,pinned", "pkix.trust-files", lab.caFile.toString()));
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    static Path probeBundle(Path target) throws Exception {
        try (Builder b = new Builder()) {
            b.setProperty("Bundle-SymbolicName", "dev.portcullis.it.pinned");
            b.setProperty("Bundle-Version", "1.0.0");
            b.setProperty("Private-Package", PinnedProoftype.class.getPackageName());
            b.setProperty("Import-Package", "*");
            b.addClasspath(new File(PinnedProoftype.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
            Jar jar = b.build();
            if (!b.getErrors().isEmpty()) {
                throw new IllegalStateException("bnd could not build the probe: " + b.getErrors());
            }
            jar.write(target.toFile());
        }
        return target;
    }

    /**
     * Not fatal: the peer is not proven (no CA vouches for it, and 'pinned' is absent), so under the default
     * dialback mode=fallback it is authenticated by dialback instead (RFC 7712 §4.3), and the ping is answered.
     */
    @Test
    @Order(1)
    void aNamedButAbsentProoftypeIsReportedNotFatal() throws Exception {
        long mark = lab.host.logPosition();
        ProsodyServer.PingResult r = lab.ping(PEER, OURS);
        assertTrue(r.success(), () -> r.output() + lab.diagnostics());
        String line = lab.host.awaitLogSince(mark, "no prooftype named 'pinned' is registered", Duration.ofSeconds(20));
        assertTrue(line.contains(PEER), line);
        String stream = lab.stream("INBOUND", PEER);
        assertNotNull(stream, () -> lab.host.admin("portcullis:streams --json") + lab.diagnostics());
        assertTrue(stream.contains("\"authMethod\" : \"DIALBACK\""), stream);
        assertTrue(stream.contains("\"prooftype\" : null"), stream);
    }

    @Test
    @Order(2)
    void aDeployedThirdPartyProoftypeProvesThePeerRfc7712Section7() throws Exception {
        long mark = lab.host.logPosition();
        lab.host.config("dev.portcullis.it.pinned", Map.of("sha256", HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(peerCert.certificate().getEncoded()))));
        lab.host.deployPlugin(probeBundle(lab.dir.resolve("pinned-prooftype.jar")));
        lab.host.awaitLogSince(mark, "Pinned prooftype active", Duration.ofSeconds(30));
        lab.prosody.stop(); // new streams, so the peer is verified again
        lab.prosody = lab.prosody("prosody-2").host(PEER, peerCert.writePem(lab.dir.resolve("certs-2"), PEER)).start();
        ProsodyServer.PingResult r = lab.ping(PEER, OURS);
        assertTrue(r.success(), () -> r.output() + lab.diagnostics());
        String stream = lab.stream("INBOUND", PEER);
        assertNotNull(stream, () -> lab.host.admin("portcullis:streams") + lab.diagnostics());
        assertTrue(stream.contains("\"prooftype\" : \"pinned\""), stream);
        assertTrue(stream.contains("\"authMethod\" : \"SASL_EXTERNAL\""), stream);
    }
}
