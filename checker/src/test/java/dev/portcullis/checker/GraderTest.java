package dev.portcullis.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.dna.DnssecStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every grading rule, each with the clause it must cite. */
class GraderTest {

    private static Grader.Result grade(EndpointFacts... endpoints) {
        return Grader.grade(Facts.secureDns(), Facts.noPosh(), List.of(endpoints));
    }

    /** Asserts exactly one deduction whose finding starts with {@code finding}, with that cap and clause. */
    private static void assertOnly(Grader.Result r, String finding, Grade cap, String clauses) {
        assertEquals(1, r.deductions().size(), r.deductions().toString());
        Deduction d = r.deductions().get(0);
        assertTrue(d.finding().startsWith(finding), d.finding());
        assertEquals(cap, d.cap(), d.describe());
        assertEquals(clauses, d.clauses(), d.describe());
        assertEquals(cap, r.grade(), "the only deduction sets the grade");
    }

    @Test
    void cleanEndpointAuthenticatedByDaneGradesAPlus() {
        Grader.Result r = grade(Facts.clean());
        assertEquals(Grade.A_PLUS, r.grade(), r.toString());
        assertTrue(r.deductions().isEmpty());
    }

    @Test
    void cleanEndpointWithoutDaneGradesAWithANoteCitingRfc7673Section42() {
        Grader.Result r = grade(Facts.copy(Facts.clean(), b -> {
            b.dane = Facts.dane(DaneFacts.Status.NONE);
            return b;
        }));
        assertEquals(Grade.A, r.grade());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("RFC 7673 §4.2")), r.notes().toString());
    }

    @Test
    void sslv3AcceptedCapsAtFUnderRfc9325Section311() {
        assertOnly(grade(Facts.withProbe(Facts.clean(), Facts.accepted(Probe.SSL_3))), "SSLv3 accepted", Grade.F,
                "RFC 9325 §3.1.1");
    }

    @Test
    void tls10AcceptedCapsAtCUnderRfc8996Section4() {
        assertOnly(grade(Facts.withProbe(Facts.clean(), Facts.accepted(Probe.TLS_1_0))), "TLS 1.0 accepted", Grade.C,
                "RFC 8996 §4, RFC 9325 §3.1.1");
    }

    @Test
    void tls11AcceptedCapsAtCUnderRfc8996Section5() {
        assertOnly(grade(Facts.withProbe(Facts.clean(), Facts.accepted(Probe.TLS_1_1))), "TLS 1.1 accepted", Grade.C,
                "RFC 8996 §5, RFC 9325 §3.1.1");
    }

    @Test
    void tls12NotAcceptedCapsAtAMinusBecauseRfc9325Section311RequiresIt() {
        assertOnly(grade(Facts.withProbe(Facts.clean(), new ProbeResult(Probe.TLS_1_2, ProbeResult.Outcome.REFUSED,
                null, null, "alert", false))), "TLS 1.2 with AEAD", Grade.A_MINUS, "RFC 9325 §3.1.1, RFC 9325 §4.2");
    }

    @Test
    void tls13NotAcceptedCapsAtAMinusUnderRfc9325Section311() {
        assertOnly(grade(Facts.withProbe(Facts.clean(), new ProbeResult(Probe.TLS_1_3, ProbeResult.Outcome.REFUSED,
                null, null, "alert", false))), "TLS 1.3 not accepted", Grade.A_MINUS, "RFC 9325 §3.1.1");
    }

    @Test
    void nullEncryptionAcceptedCapsAtFUnderRfc9325Section41() {
        assertOnly(grade(Facts.withProbe(Facts.clean(), Facts.accepted(Probe.TLS_1_2_NULL))), "NULL-encryption",
                Grade.F, "RFC 9325 §4.1");
    }

    @Test
    void tripleDesAcceptedCapsAtCUnderRfc9325Section41() {
        assertOnly(grade(Facts.withProbe(Facts.clean(), Facts.accepted(Probe.TLS_1_2_3DES))), "3DES suite accepted",
                Grade.C, "RFC 9325 §4.1");
    }

    @Test
    void staticRsaAcceptedCapsAtBUnderRfc9325Section41() {
        assertOnly(grade(Facts.withProbe(Facts.clean(), Facts.accepted(Probe.TLS_1_2_STATIC_RSA))),
                "static-RSA suite accepted", Grade.B, "RFC 9325 §4.1");
    }

    @Test
    void staticEcdhOrDhAcceptedCapsAtBUnderRfc9325Section41() {
        assertOnly(grade(Facts.withProbe(Facts.clean(), Facts.accepted(Probe.TLS_1_2_STATIC_DH))),
                "static (EC)DH suite accepted", Grade.B, "RFC 9325 §4.1");
    }

    @Test
    void cbcWithoutEncryptThenMacCapsAtAMinusUnderRfc9325Section42() {
        assertOnly(grade(Facts.withProbe(Facts.clean(), Facts.accepted(Probe.TLS_1_2_CBC))),
                "CBC suite accepted without encrypt_then_mac", Grade.A_MINUS, "RFC 9325 §4.2");
    }

    @Test
    void finiteFieldDheInTls12CapsAtAMinusUnderRfc9325Section41() {
        assertOnly(grade(Facts.withProbe(Facts.clean(), Facts.accepted(Probe.TLS_1_2_DHE))), "finite-field DHE",
                Grade.A_MINUS, "RFC 9325 §4.1");
    }

    @Test
    void untestableProbeIsANoteNotADeduction() {
        Grader.Result r = grade(Facts.withProbe(Facts.clean(), new ProbeResult(Probe.SSL_3,
                ProbeResult.Outcome.UNTESTABLE, null, null, "client cannot offer SSLv3", false)));
        assertEquals(Grade.A_PLUS, r.grade());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("SSLv3 not testable")), r.notes().toString());
    }

    @Test
    void startTlsNotRequiredCapsAtAMinusUnderRfc7590Section31() {
        assertOnly(grade(Facts.copy(Facts.clean(), b -> {
            b.startTlsRequired = false;
            return b;
        })), "STARTTLS not marked <required/>", Grade.A_MINUS, "RFC 7590 §3.1, RFC 6120 §5.3.1");
    }

    @Test
    void noTlsAtAllCapsAtFUnderRfc7590Section31() {
        List<ProbeResult> none = java.util.Arrays.stream(Probe.values()).map(p -> new ProbeResult(p, ProbeResult.Outcome.REFUSED, null, null, "closed", false)).toList();
        Grader.Result r = grade(Facts.copy(Facts.clean(), b -> {
            b.protocol = null;
            b.probes = none;
            return b;
        }));
        assertEquals(Grade.F, r.grade());
        assertTrue(r.deductions().stream().anyMatch(d -> d.finding().startsWith("no TLS")
                && d.clauses().equals("RFC 7590 §3.1, RFC 6120 §5.1")), r.deductions().toString());
    }

    @Test
    void untrustedCertificateWithoutDaneOrPoshCapsAtFUnderRfc6120Section13721() {
        assertOnly(grade(Facts.copy(Facts.clean(), b -> {
            b.pkixValid = false;
            b.pkixDetail = "unable to find valid certification path";
            b.dane = Facts.dane(DaneFacts.Status.NONE);
            return b;
        })), "certificate not trusted", Grade.F, "RFC 6120 §13.7.2.1, RFC 7590 §3.4, RFC 6125 §6");
    }

    @Test
    void untrustedCertificateVouchedForByDaneIsNotMarkedDown() {
        Grader.Result r = grade(Facts.copy(Facts.clean(), b -> {
            b.pkixValid = false;
            b.pkixDetail = "self-signed";
            return b;
        }));
        assertEquals(Grade.A_PLUS, r.grade(), r.deductions().toString());
    }

    @Test
    void certificateNotNamingTheDomainCapsAtFUnderRfc6120Section13712() {
        assertOnly(grade(Facts.copy(Facts.clean(), b -> {
            b.identity = new IdentityFacts(false, null, List.of("other.test"), List.of(), List.of());
            b.dane = Facts.dane(DaneFacts.Status.NONE);
            return b;
        })), "certificate does not name the domain", Grade.F, "RFC 6120 §13.7.1.2, RFC 6125 §6");
    }

    @Test
    void poshVouchingForTheCertificateReplacesPkixUnderRfc7711Section33() {
        EndpointFacts untrusted = Facts.copy(Facts.clean(), b -> {
            b.pkixValid = false;
            b.pkixDetail = "self-signed";
            b.dane = Facts.dane(DaneFacts.Status.NONE);
            return b;
        });
        Grader.Result r = Grader.grade(Facts.secureDns(), new PoshFacts(PoshFacts.Status.MATCH, "https://x", "ok"),
                List.of(untrusted));
        assertEquals(Grade.A, r.grade(), r.deductions().toString());
    }

    @Test
    void secureTlsaMatchingNothingCapsAtFUnderRfc7673Section42() {
        assertOnly(grade(Facts.copy(Facts.clean(), b -> {
            b.dane = Facts.dane(DaneFacts.Status.MISMATCH);
            return b;
        })), "secure TLSA records", Grade.F, "RFC 7673 §4.2, RFC 6698 §2.1");
    }

    @Test
    void bogusTlsaCapsAtFUnderRfc4035Section55() {
        assertOnly(grade(Facts.copy(Facts.clean(), b -> {
            b.dane = Facts.dane(DaneFacts.Status.BOGUS);
            return b;
        })), "TLSA answer", Grade.F, "RFC 4035 §5.5, RFC 7673 §3.3");
    }

    @Test
    void bogusSrvAnswerCapsAtFUnderRfc4035Section55() {
        DnsFacts bogus = new DnsFacts("127.0.0.1:53",
                new DnsFacts.SrvAnswer("_xmpps-server._tcp.example.test", DnssecStatus.SECURE, List.of(), null),
                new DnsFacts.SrvAnswer("_xmpp-server._tcp.example.test", DnssecStatus.BOGUS, List.of(), "bad sig"),
                List.of());
        Grader.Result r = Grader.grade(bogus, Facts.noPosh(), List.of(Facts.clean()));
        assertOnly(r, "_xmpp-server._tcp.example.test SRV answer is DNSSEC-bogus", Grade.F,
                "RFC 4035 §5.5, RFC 7673 §3.1");
    }

    @Test
    void rsaKeyBelow2048BitsCapsAtCUnderRfc9325Section45() {
        CertificateFacts weak = new CertificateFacts("CN=example.test", "CN=CA", List.of("DNS:example.test"),
                Facts.ecLeaf().notBefore(), Facts.ecLeaf().notAfter(), "RSA", 1024, "RSA 1024", "SHA256withRSA", false,
                "00");
        assertOnly(grade(Facts.copy(Facts.clean(), b -> {
            b.chain = List.of(weak, Facts.root());
            return b;
        })), "RSA key of 1024 bits", Grade.C, "RFC 9325 §4.5");
    }

    @Test
    void sha1SignedLeafCapsAtCButASha1SelfSignedRootDoesNot() {
        CertificateFacts sha1 = new CertificateFacts("CN=example.test", "CN=CA", List.of("DNS:example.test"),
                Facts.ecLeaf().notBefore(), Facts.ecLeaf().notAfter(), "EC", 256, "EC P-256", "SHA1withECDSA", false,
                "00");
        assertOnly(grade(Facts.copy(Facts.clean(), b -> {
            b.chain = List.of(sha1, Facts.root());
            return b;
        })), "certificate CN=example.test signed with SHA1withECDSA", Grade.C, "RFC 9325 §4.5");
        // Facts.root() is itself SHA1-signed and self-signed: its own signature is never checked, so no deduction
        assertEquals(Grade.A_PLUS, grade(Facts.clean()).grade());
    }

    @Test
    void unreachableEndpointCapsAtBWhileAnotherWorks() {
        EndpointFacts down = EndpointFacts.unreachable(new Endpoint("xmpp2.example.test", 5269, false,
                "_xmpp-server SRV", DnssecStatus.SECURE), "127.0.0.2", "connection refused");
        assertOnly(grade(Facts.clean(), down), "endpoint xmpp2.example.test:5269 unreachable", Grade.B,
                "RFC 6120 §3.2.1");
    }

    @Test
    void noReachableEndpointCapsAtF() {
        EndpointFacts down = EndpointFacts.unreachable(Facts.STARTTLS, "127.0.0.2", "connection refused");
        Grader.Result r = grade(down);
        assertEquals(Grade.F, r.grade());
    }

    @Test
    void poshDocumentMatchingNothingCapsAtCUnderRfc7711Section33() {
        Grader.Result r = Grader.grade(Facts.secureDns(), new PoshFacts(PoshFacts.Status.MISMATCH, "https://x", "no"),
                List.of(Facts.clean()));
        assertOnly(r, "POSH document published", Grade.C, "RFC 7711 §3.3");
    }

    @Test
    void theWorstCapWins() {
        EndpointFacts e = Facts.withProbe(Facts.withProbe(Facts.clean(), Facts.accepted(Probe.TLS_1_2_CBC)),
                Facts.accepted(Probe.TLS_1_1));
        Grader.Result r = grade(e);
        assertEquals(2, r.deductions().size());
        assertEquals(Grade.C, r.grade());
    }

    @Test
    void aDeductionWithoutAClauseIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Deduction("weak", Grade.B, "because", null));
        assertEquals("TLS 1.1 accepted: \u2212cap at C (RFC 8996 §5, RFC 9325 §3.1.1)",
                new Deduction("TLS 1.1 accepted", Grade.C, "RFC 8996 §5, RFC 9325 §3.1.1", null).describe());
    }

    @Test
    void gradesParseAndOrder() {
        assertEquals(Grade.A_PLUS, Grade.parse("a+"));
        assertEquals(Grade.A_MINUS, Grade.parse(" A- "));
        assertTrue(Grade.C.isBelow(Grade.B));
        assertTrue(!Grade.A.isBelow(Grade.A));
        assertThrows(IllegalArgumentException.class, () -> Grade.parse("E"));
    }
}
