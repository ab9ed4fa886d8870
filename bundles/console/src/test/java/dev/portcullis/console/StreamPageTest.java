package dev.portcullis.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.CertificateChange;
import dev.portcullis.api.dna.CertificateChangeKind;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.ProofStatus;
import dev.portcullis.api.dna.Verification;
import dev.portcullis.api.dna.VerificationOutcome;
import dev.portcullis.api.stream.AuthMethod;
import dev.portcullis.api.stream.FederationMonitor;
import dev.portcullis.api.stream.StreamSecurity;
import dev.portcullis.dna.core.fingerprint.Fingerprints;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The detail page against hostile peers: every certificate field and reason is the peer's choice. */
class StreamPageTest {
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String ATTR = "' onmouseover='alert(2)";

    @Test
    void hostileCertificateFieldsAndReasonsAreEscapedNotRendered() {
        IssuedCertificate cert = TestCa.create("Evil CA").issue("evil.test").dnsName("evil.test")
                .xmppAddr(SCRIPT).srvName("_xmpp-server." + ATTR).build();
        String id = "id" + ATTR;
        StreamSecurity s = new StreamSecurity(id, Direction.OUTBOUND, "a.test", "evil.test" + SCRIPT, List.of("evil.test"),
                true, "TLSv1.3", "TLS_AES_128_GCM_SHA256", AuthMethod.SASL_EXTERNAL, "pkix", "AA:BB",
                new CertificateChange(CertificateChangeKind.CHANGED, "evil.test" + SCRIPT, "AA:BB", "CC:DD" + SCRIPT,
                        Instant.EPOCH, Instant.EPOCH, false), null, Instant.EPOCH);
        Verification v = new Verification("evil.test", VerificationOutcome.VERIFIED, "pkix",
                List.of(new ProofResult("dane" + SCRIPT, ProofStatus.DISPROVEN, "TLSA " + SCRIPT, "RFC 7673 §4", null)),
                null, null, "because " + SCRIPT);
        String html = render(s, cert.chain(), v);

        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains(ATTR), "a quote from the peer must not close an attribute");
        assertTrue(html.contains("XmppAddr: &lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertTrue(html.contains("id='pc-change-warning'"), "RFC 7590 §3.6: the change is warned about");
        assertTrue(html.contains("was NOT proven"), html);
        assertTrue(html.contains("data-prooftype='dane&lt;script&gt;"), "every prooftype's result is listed: " + html);
    }

    @Test
    void bothFingerprintsAndEveryIdentifierTypeAreShown() throws Exception {
        IssuedCertificate cert = TestCa.create("Good CA").issue("b.test").dnsName("b.test").xmppAddr("b.test")
                .srvName("_xmpp-server.b.test").build();
        StreamSecurity s = new StreamSecurity("s1", Direction.INBOUND, "a.test", "b.test", List.of("b.test"), true,
                "TLSv1.3", "TLS_AES_128_GCM_SHA256", AuthMethod.DIALBACK, null, null, null, null, Instant.EPOCH);
        String html = render(s, cert.chain(), null);
        X509Certificate c = cert.certificate();
        assertTrue(html.contains(Fingerprints.certificate(c)), html);
        assertTrue(html.contains(Fingerprints.digest("SHA-1", c.getEncoded())), html);
        assertTrue(html.contains("DNS-ID: b.test") && html.contains("XmppAddr: b.test")
                && html.contains("SRV-ID: _xmpp-server.b.test"), html);
        assertTrue(html.contains("id='pc-no-verification'"), "says when the host reports no prooftype results");
        assertFalse(html.contains("pc-change-warning"));
    }

    static String render(StreamSecurity s, List<X509Certificate> chain, Verification v) {
        FederationMonitor monitor = new FederationMonitor() {
            @Override
            public List<StreamSecurity> streams() {
                return List.of(s);
            }

            @Override
            public Optional<StreamSecurity> stream(String streamId) {
                return s.streamId().equals(streamId) ? Optional.of(s) : Optional.empty();
            }

            @Override
            public List<X509Certificate> peerChain(String streamId) {
                return chain;
            }

            @Override
            public Optional<Verification> verification(String streamId) {
                return Optional.ofNullable(v);
            }
        };
        StringWriter out = new StringWriter();
        Sources sources = new Sources(monitor, null, null, new SecurityEventLog(Clock.systemUTC(), 10));
        StreamPage.render(new PrintWriter(out, true), sources, "/system/console/xmpp-federation", s.streamId());
        OverviewPage.render(new PrintWriter(out, true), sources, "/system/console/xmpp-federation");
        return out.toString();
    }
}
