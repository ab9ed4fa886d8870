package dev.portcullis.it.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TlsContexts;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A peer whose certificate the running distribution proved by PKIX (evil.test, SASL EXTERNAL) piggybacks a
 * {@code db:result} for other.test, which its certificate does not name (RFC 7712 §4.4.1). With dialback
 * {@code mode = fallback} (the default) dialback is not run for it: the answer is {@code <not-authorized/>}
 * (dev.portcullis.dialback.cfg); with {@code mode = allowed} the host runs dialback and asks other.test's
 * authoritative server (here unreachable, so the answer is a dialback error of another kind).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // fallback (the default) first, then mode = allowed
class PiggybackModeIT {
    static FederationLab lab;
    static IssuedCertificate evil;

    @BeforeAll
    static void start() throws Exception {
        lab = new FederationLab("PiggybackModeIT");
        evil = lab.ca.issue("evil.test").dnsName("evil.test").build();
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        // other.test's authoritative server is unreachable: a dialback attempt fails at once
        lab.startHost("piggy", null, Map.of("routes", "other.test=127.0.0.1:" + closed));
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void modeFallbackAnswersNotAuthorizedForAPiggybackedDomainBesideAProvenCertificateRfc7712Section4_4_1() throws Exception {
        String answer = piggybackedResultAnswer();
        assertTrue(answer.contains("type='error'><error type='auth'><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"),
                () -> answer + "\n" + lab.host.log());
    }

    @Test
    @Order(2)
    void modeAllowedRunsDialbackForAPiggybackedDomainBesideAProvenCertificateRfc7712Section4_4_1() throws Exception {
        long pos = lab.host.logPosition();
        lab.host.config("dev.portcullis.dialback", Map.of("mode", "allowed"));
        lab.host.awaitLogSince(pos, "Dialback configuration applied", Duration.ofSeconds(20));
        String answer = piggybackedResultAnswer();
        assertTrue(answer.contains("type='error'"), answer);
        assertFalse(answer.contains("not-authorized"), () -> answer + "\n" + lab.host.log());
        // the receiving role asked other.test's authoritative server (XEP-0220 §2.1.2)
        lab.host.awaitLogSince(pos, "Opening an s2s stream a\\.test -> other\\.test", Duration.ofSeconds(10));
    }

    /** evil.test authenticates by SASL EXTERNAL, then sends a db:result for other.test; returns the host's answer. */
    private static String piggybackedResultAnswer() throws Exception {
        try (RawPeer p = new RawPeer(lab.ourAddress, lab.ourPort)) {
            p.send(RawPeer.HEADER);
            p.readUntil("</stream:features>", Duration.ofSeconds(10));
            p.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
            p.readUntil("<proceed", Duration.ofSeconds(10));
            SSLSocket tls = (SSLSocket) clientTls().getSocketFactory().createSocket(p.socket, lab.ourAddress, lab.ourPort, true);
            tls.setUseClientMode(true);
            tls.startHandshake();
            p.socket = tls;
            p.clear();
            p.send(RawPeer.HEADER);
            String features = p.readFeatures(Duration.ofSeconds(10));
            assertTrue(features.contains("<mechanism>EXTERNAL</mechanism>"), () -> features + "\n" + lab.host.log());
            p.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>=</auth>");
            p.readUntil("<success", Duration.ofSeconds(10));
            p.clear();
            p.send(RawPeer.HEADER);
            p.readFeatures(Duration.ofSeconds(10));
            p.clear();
            p.send("<db:result from='other.test' to='a.test'>0123456789abcdef</db:result>");
            return p.readUntil("</db:result>", Duration.ofSeconds(30));
        }
    }

    private static SSLContext clientTls() throws Exception {
        return TlsContexts.of(evil, lab.ca.certificate());
    }
}
