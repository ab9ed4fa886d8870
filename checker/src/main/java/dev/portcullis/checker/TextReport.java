package dev.portcullis.checker;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The human report: short, aligned, the grade first and every deduction with its clause. */
final class TextReport {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final String FMT = "  %-15s %s%n";

    private TextReport() {
    }

    static String render(Report r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("Federation check of %s   (stream from %s, %s)%n%n", r.domain(), r.from(),
                r.checkedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        s.append(String.format("Grade  %s%n", r.grade()));
        if (!r.deductions().isEmpty()) {
            int w = r.deductions().stream().mapToInt(d -> d.finding().length()).max().orElse(0);
            w = Math.min(w, 70);
            for (Deduction d : r.deductions()) {
                s.append(String.format("  %-" + w + "s  \u2212cap at %-2s  %s%s%n", d.finding(), d.cap(), d.clauses(),
                        d.endpoint() == null ? "" : "  [" + d.endpoint() + "]"));
            }
        }
        s.append('\n');
        if (r.dns() != null) {
            s.append("DNS (").append(r.dns().resolver()).append(")\n");
            srv(s, r.dns().xmppsSrv());
            srv(s, r.dns().xmppSrv());
        }
        s.append(String.format(FMT, "POSH", r.posh().status().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (r.posh().detail() == null ? "" : " (" + r.posh().detail() + ")")));
        for (EndpointFacts e : r.endpoints()) {
            s.append('\n');
            endpoint(s, e);
        }
        if (!r.notes().isEmpty()) {
            s.append("\nNotes\n");
            r.notes().forEach(n -> s.append("  ").append(n).append('\n'));
        }
        if (!r.advice().isEmpty()) {
            s.append("\nPublish\n");
            r.advice().forEach(n -> s.append("  ").append(n).append('\n'));
        }
        return s.toString();
    }

    private static void srv(StringBuilder s, DnsFacts.SrvAnswer a) {
        String v = a.dnssec().name().toLowerCase(Locale.ROOT) + "  "
                + (a.records().isEmpty() ? "(none" + (a.detail() == null ? "" : ": " + a.detail()) + ")"
                        : String.join(", ", a.records()));
        s.append(String.format("  %-34s %s%n", a.owner(), v));
    }

    private static void endpoint(StringBuilder s, EndpointFacts e) {
        Endpoint ep = e.endpoint();
        s.append(String.format("Endpoint %s  %s  (%s%s)%n", ep.label(), ep.directTls() ? "direct TLS" : "STARTTLS",
                ep.source(), e.address() == null ? "" : ", " + e.address()));
        if (!e.reachable()) {
            s.append(String.format(FMT, "unreachable", e.error()));
            return;
        }
        if (!ep.directTls()) {
            s.append(String.format(FMT, "STARTTLS", e.startTlsOffered() ? (e.startTlsRequired() ? "offered, required"
                    : "offered, not required") : "not offered"));
        }
        s.append(String.format(FMT, "Default TLS", e.protocol() == null ? "failed" : e.protocol() + "  " + e.suite()));
        s.append(String.format(FMT, "Protocols", List.of(Probe.SSL_3, Probe.TLS_1_0, Probe.TLS_1_1, Probe.TLS_1_2,
                Probe.TLS_1_3).stream().map(p -> short_(p) + " " + yesNo(e.probe(p))).collect(Collectors.joining("  "))));
        for (Probe p : List.of(Probe.TLS_1_2_CBC, Probe.TLS_1_2_STATIC_RSA, Probe.TLS_1_2_STATIC_DH, Probe.TLS_1_2_3DES, Probe.TLS_1_2_DHE,
                Probe.TLS_1_2_NULL)) {
            ProbeResult r = e.probe(p);
            s.append(String.format(FMT, "", p.label() + ": " + yesNo(r)
                    + (r != null && r.accepted() ? " (" + r.suite() + ")" : "")));
        }
        if (e.chain().isEmpty()) {
            s.append(String.format(FMT, "Certificate", "none (" + e.pkixDetail() + ")"));
        } else {
            CertificateFacts ee = e.chain().get(0);
            s.append(String.format(FMT, "Certificate", ee.subject() + "  " + ee.keyDetail() + "  "
                    + ee.signatureAlgorithm() + "  " + DAY.format(ee.notBefore()) + " \u2192 " + DAY.format(ee.notAfter())));
            s.append(String.format(FMT, "  names", String.join(", ", ee.subjectAltNames())));
            for (CertificateFacts c : e.chain().subList(1, e.chain().size())) {
                s.append(String.format(FMT, "  chain", c.subject() + "  " + c.keyDetail() + "  " + c.signatureAlgorithm()));
            }
            s.append(String.format(FMT, "  issuer", ee.issuer()));
            s.append(String.format(FMT, "PKIX", (e.pkixValid() ? "valid: " : "NOT valid: ") + e.pkixDetail()));
            s.append(String.format(FMT, "Identity", e.identity().matched() ? "matches by " + e.identity().matchedBy()
                    : "does NOT name the domain"));
        }
        s.append(String.format(FMT, "DANE", e.dane().status().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (e.dane().owner() == null ? "" : "  " + e.dane().owner())
                + (e.dane().matched() != null ? "  [" + e.dane().matched() + "]" : "")
                + (e.dane().detail() == null ? "" : "  (" + e.dane().detail() + ")")));
        if (e.afterTlsError() != null) {
            s.append(String.format(FMT, "After TLS", e.afterTlsError()));
        }
        s.append(String.format(FMT, "Dialback", e.dialbackOffered() ? "offered"
                : e.afterTlsError() != null ? "unknown" : "not offered"));
        s.append(String.format(FMT, "SASL EXTERNAL", e.saslExternalOffered() ? "offered"
                : e.afterTlsError() != null ? "unknown" : "not offered"
                + (e.saslMechanisms().isEmpty() ? "" : " (mechanisms: " + String.join(" ", e.saslMechanisms()) + ")")));
    }

    private static String short_(Probe p) {
        return switch (p) {
            case SSL_3 -> "SSLv3";
            case TLS_1_2 -> "TLS 1.2";
            default -> p.label();
        };
    }

    private static String yesNo(ProbeResult r) {
        if (r == null) {
            return "?";
        }
        return switch (r.outcome()) {
            case ACCEPTED -> "yes";
            case REFUSED -> "no";
            case UNTESTABLE -> "untestable";
        };
    }
}
