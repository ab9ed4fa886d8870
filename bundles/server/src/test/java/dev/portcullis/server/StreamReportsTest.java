package dev.portcullis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.Direction;
import dev.portcullis.api.dna.CertificateChange;
import dev.portcullis.api.dna.CertificateChangeKind;
import dev.portcullis.api.stream.AuthMethod;
import dev.portcullis.api.stream.StreamSecurity;
import dev.portcullis.api.stream.StreamView;
import dev.portcullis.api.tls.PolicyVerdict;
import dev.portcullis.dna.core.fingerprint.Fingerprints;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamReportsTest {
    static final String FP = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";

    private static StreamSecurity stream(CertificateChangeKind kind) {
        CertificateChange change = new CertificateChange(kind, "b.test", FP, kind == CertificateChangeKind.CHANGED ? "00:11" : null,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z"), true);
        PolicyVerdict v = new PolicyVerdict("rfc9325", "TLSv1.3", "TLS_AES_256_GCM_SHA384", "x25519", "EC", 256,
                List.of("SHA256withECDSA"), List.of());
        return new StreamSecurity("s1", Direction.INBOUND, "a.test", "b.test", List.of("b.test"), true, "TLSv1.3",
                "TLS_AES_256_GCM_SHA384", AuthMethod.SASL_EXTERNAL, "pkix", FP, change, v, Instant.parse("2026-03-01T00:00:00Z"));
    }

    @Test
    void tableShowsTheRfc7590Section3_6FactsOfEachStream() {
        String t = StreamReports.table(List.of(stream(CertificateChangeKind.UNCHANGED)));
        for (String fact : List.of("s1", "in", "a.test", "b.test", "TLSv1.3", "TLS_AES_256_GCM_SHA384", "SASL_EXTERNAL",
                "pkix", "AB:CD:EF", "unchanged")) {
            assertTrue(t.contains(fact), () -> fact + " missing from\n" + t);
        }
    }

    @Test
    void certificateChangeIsAWarningRfc7590Section3_6() {
        String t = StreamReports.table(List.of(stream(CertificateChangeKind.CHANGED)));
        assertTrue(t.contains("WARNING: CHANGED"), t);
        String j = StreamReports.json(List.of(stream(CertificateChangeKind.CHANGED)));
        assertTrue(j.contains("\"certificateChangeWarning\" : true"), j);
        assertTrue(j.contains("\"previousSha256\" : \"00:11\""), j);
    }

    @Test
    void jsonNamesEveryFactForScripts() {
        String j = StreamReports.json(List.of(stream(CertificateChangeKind.FIRST_SEEN)));
        for (String key : List.of("\"id\" : \"s1\"", "\"direction\" : \"INBOUND\"", "\"encrypted\" : true",
                "\"tlsVersion\" : \"TLSv1.3\"", "\"cipherSuite\" : \"TLS_AES_256_GCM_SHA384\"",
                "\"authMethod\" : \"SASL_EXTERNAL\"", "\"prooftype\" : \"pkix\"", "\"certificateSha256\" : \"" + FP + "\"",
                "\"profile\" : \"rfc9325\"")) {
            assertTrue(j.contains(key), () -> key + " missing from\n" + j);
        }
    }

    @Test
    void jsonReadsBackAsTheApiStreamViewRfc7590Section3_6() throws Exception {
        StreamSecurity s = stream(CertificateChangeKind.CHANGED);
        StreamView[] read = new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(StreamReports.json(List.of(s)), StreamView[].class);
        assertEquals(List.of(StreamView.of(s)), List.of(read));
    }

    @Test
    void certificateReportDecodesXmppAddrAndDnsNames() {
        TestCa ca = TestCa.create("StreamReportsTest CA");
        IssuedCertificate c = ca.issue("b.test").dnsName("b.test").xmppAddr("b.test").srvName("_xmpp-server.b.test").build();
        String r = CertificateReport.describe(c.chain());
        assertTrue(r.contains("DNS:b.test"), r);
        assertTrue(r.contains("XmppAddr:b.test"), r);
        assertTrue(r.contains("SRV:_xmpp-server.b.test"), r);
        assertTrue(r.contains("EC 256 bits"), r);
        assertTrue(r.contains("SHA-256:     " + Fingerprints.certificate(c.certificate())), r);
    }
}
