package dev.portcullis.checker;

import dev.portcullis.api.dna.DnssecStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The grading rules: evidence in, deductions out. Each deduction caps the grade and cites the clause it
 * rests on; the grade is the lowest cap (a peer may land on any endpoint, so the worst one counts).
 * A+ is reserved for a clean result whose every reachable endpoint is also authenticated by DANE
 * (RFC 7673 §4.2), since that protects peers even against a mis-issuing CA.
 */
final class Grader {

    /** The grade and why. */
    record Result(Grade grade, List<Deduction> deductions, List<String> notes) {
    }

    private Grader() {
    }

    static Result grade(DnsFacts dns, PoshFacts posh, List<EndpointFacts> endpoints) {
        List<Deduction> d = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        dnsRules(dns, d, notes);
        boolean anyReachable = false;
        boolean allDane = true;
        for (EndpointFacts e : endpoints) {
            String at = e.endpoint().label();
            if (!e.reachable()) {
                d.add(new Deduction("endpoint " + at + " unreachable (" + e.error() + ")", Grade.B,
                        "RFC 6120 §3.2.1", at));
                continue;
            }
            anyReachable = true;
            tlsRules(e, at, d, notes);
            certificateRules(e, posh, at, d, notes);
            allDane &= e.dane().status() == DaneFacts.Status.MATCH;
            if (e.afterTlsError() != null) {
                notes.add(at + ": the secured stream was refused, so dialback/SASL offers are unknown: "
                        + e.afterTlsError());
            } else if (!e.dialbackOffered() && !e.saslExternalOffered()) {
                notes.add(at + ": neither dialback nor SASL EXTERNAL offered after TLS; peers cannot authenticate");
            }
        }
        if (!anyReachable) {
            d.add(new Deduction("no endpoint could be reached", Grade.F, "RFC 6120 §3.2.1", null));
        }
        if (posh != null && posh.status() == PoshFacts.Status.MISMATCH) {
            d.add(new Deduction("POSH document published but no fingerprint matches the served certificate",
                    Grade.C, "RFC 7711 §3.3", null));
        }
        Grade grade = Grade.A_PLUS;
        for (Deduction x : d) {
            grade = grade.min(x.cap());
        }
        if (grade == Grade.A_PLUS && !allDane) {
            grade = Grade.A;
            notes.add("A+ needs every endpoint authenticated by DNSSEC-secured DANE (RFC 7673 §4.2)");
        }
        return new Result(grade, List.copyOf(d), List.copyOf(notes));
    }

    private static void dnsRules(DnsFacts dns, List<Deduction> d, List<String> notes) {
        if (dns == null) {
            return;
        }
        for (DnsFacts.SrvAnswer srv : new DnsFacts.SrvAnswer[] {dns.xmppsSrv(), dns.xmppSrv()}) {
            if (srv == null) {
                continue;
            }
            if (srv.dnssec() == DnssecStatus.BOGUS) {
                d.add(new Deduction(srv.owner() + " SRV answer is DNSSEC-bogus (" + srv.detail()
                        + "); validating peers cannot find the server", Grade.F, "RFC 4035 §5.5, RFC 7673 §3.1", null));
            } else if (srv.dnssec() == DnssecStatus.INSECURE && !srv.records().isEmpty()) {
                notes.add(srv.owner() + " is not DNSSEC-signed: peers cannot use DANE (RFC 7673 §3.1)");
            }
        }
    }

    private static void tlsRules(EndpointFacts e, String at, List<Deduction> d, List<String> notes) {
        boolean anyTls = e.protocol() != null || e.probes().stream().anyMatch(ProbeResult::accepted);
        if (!anyTls) {
            d.add(new Deduction("no TLS on " + at, Grade.F, "RFC 7590 §3.1, RFC 6120 §5.1", at));
            return;
        }
        if (!e.endpoint().directTls() && !e.startTlsRequired()) {
            d.add(new Deduction("STARTTLS not marked <required/>: peers may fall back to plaintext",
                    Grade.A_MINUS, "RFC 7590 §3.1, RFC 6120 §5.3.1", at));
        }
        if (e.accepted(Probe.SSL_3)) {
            d.add(new Deduction("SSLv3 accepted", Grade.F, "RFC 9325 §3.1.1", at));
        }
        if (e.accepted(Probe.TLS_1_0)) {
            d.add(new Deduction("TLS 1.0 accepted", Grade.C, "RFC 8996 §4, RFC 9325 §3.1.1", at));
        }
        if (e.accepted(Probe.TLS_1_1)) {
            d.add(new Deduction("TLS 1.1 accepted", Grade.C, "RFC 8996 §5, RFC 9325 §3.1.1", at));
        }
        if (!e.accepted(Probe.TLS_1_2)) {
            d.add(new Deduction("TLS 1.2 with AEAD forward-secret suites not accepted; TLS 1.2-only peers cannot connect",
                    Grade.A_MINUS, "RFC 9325 §3.1.1, RFC 9325 §4.2", at));
        }
        if (!e.accepted(Probe.TLS_1_3)) {
            d.add(new Deduction("TLS 1.3 not accepted", Grade.A_MINUS, "RFC 9325 §3.1.1", at));
        }
        if (e.accepted(Probe.TLS_1_2_NULL)) {
            d.add(new Deduction("NULL-encryption suite accepted (" + suite(e, Probe.TLS_1_2_NULL) + ")", Grade.F,
                    "RFC 9325 §4.1", at));
        }
        if (e.accepted(Probe.TLS_1_2_3DES)) {
            d.add(new Deduction("3DES suite accepted (" + suite(e, Probe.TLS_1_2_3DES)
                    + "), less than 128 bits of security", Grade.C, "RFC 9325 §4.1", at));
        }
        if (e.accepted(Probe.TLS_1_2_STATIC_RSA)) {
            d.add(new Deduction("static-RSA suite accepted (" + suite(e, Probe.TLS_1_2_STATIC_RSA)
                    + "), no forward secrecy", Grade.B, "RFC 9325 §4.1", at));
        }
        if (e.accepted(Probe.TLS_1_2_STATIC_DH)) {
            d.add(new Deduction("static (EC)DH suite accepted (" + suite(e, Probe.TLS_1_2_STATIC_DH)
                    + "), no forward secrecy", Grade.B, "RFC 9325 §4.1", at));
        }
        if (e.accepted(Probe.TLS_1_2_CBC)) {
            d.add(new Deduction("CBC suite accepted without encrypt_then_mac (" + suite(e, Probe.TLS_1_2_CBC) + ")",
                    Grade.A_MINUS, "RFC 9325 §4.2", at));
        }
        if (e.accepted(Probe.TLS_1_2_DHE)) {
            d.add(new Deduction("finite-field DHE suite accepted in TLS 1.2 (" + suite(e, Probe.TLS_1_2_DHE) + ")",
                    Grade.A_MINUS, "RFC 9325 §4.1", at));
        }
        e.probes().stream().filter(p -> p.outcome() == ProbeResult.Outcome.UNTESTABLE)
                .forEach(p -> notes.add(at + ": " + p.probe().label() + " not testable: " + p.detail()));
    }

    private static String suite(EndpointFacts e, Probe p) {
        ProbeResult r = e.probe(p);
        return r == null ? "?" : r.suite();
    }

    private static void certificateRules(EndpointFacts e, PoshFacts posh, String at, List<Deduction> d,
            List<String> notes) {
        if (e.chain().isEmpty()) {
            d.add(new Deduction("no certificate obtained (" + e.pkixDetail() + ")", Grade.F, "RFC 6120 §13.7.2.1", at));
            return;
        }
        boolean pkixAuthenticates = e.pkixValid() && e.identity() != null && e.identity().matched();
        boolean daneAuthenticates = e.dane().status() == DaneFacts.Status.MATCH;
        boolean poshAuthenticates = posh != null && posh.status() == PoshFacts.Status.MATCH
                && e.identity() != null;
        if (!pkixAuthenticates && !daneAuthenticates && !poshAuthenticates) {
            if (!e.pkixValid()) {
                d.add(new Deduction("certificate not trusted (" + e.pkixDetail() + ") and neither DANE nor POSH "
                        + "vouches for it; peers that verify refuse it", Grade.F,
                        "RFC 6120 §13.7.2.1, RFC 7590 §3.4, RFC 6125 §6", at));
            } else {
                d.add(new Deduction("certificate does not name the domain and neither DANE nor POSH vouches for it",
                        Grade.F, "RFC 6120 §13.7.1.2, RFC 6125 §6", at));
            }
        }
        if (e.dane().status() == DaneFacts.Status.MISMATCH) {
            d.add(new Deduction("secure TLSA records at " + e.dane().owner() + " match no certificate served",
                    Grade.F, "RFC 7673 §4.2, RFC 6698 §2.1", at));
        }
        if (e.dane().status() == DaneFacts.Status.BOGUS) {
            d.add(new Deduction("TLSA answer at " + e.dane().owner() + " is DNSSEC-bogus", Grade.F,
                    "RFC 4035 §5.5, RFC 7673 §3.3", at));
        }
        CertificateFacts ee = e.chain().get(0);
        if ("RSA".equals(ee.keyAlgorithm()) && ee.keyBits() < 2048) {
            d.add(new Deduction("RSA key of " + ee.keyBits() + " bits", Grade.C, "RFC 9325 §4.5", at));
        }
        if ("EC".equals(ee.keyAlgorithm()) && ee.keyBits() < 224) {
            d.add(new Deduction("EC key of " + ee.keyBits() + " bits", Grade.F, "RFC 9325 §4.5", at));
        }
        for (CertificateFacts c : e.chain()) {
            String sig = c.signatureAlgorithm().toUpperCase(java.util.Locale.ROOT);
            if (!c.selfSigned() && (sig.startsWith("SHA1") || sig.startsWith("MD5") || sig.contains("SHA1WITH"))) {
                d.add(new Deduction("certificate " + c.subject() + " signed with " + c.signatureAlgorithm(), Grade.C,
                        "RFC 9325 §4.5", at));
            }
        }
    }
}
