package dev.portcullis.console;

import dev.portcullis.api.dna.CertificateChange;
import dev.portcullis.api.dna.ProofResult;
import dev.portcullis.api.dna.Verification;
import dev.portcullis.api.stream.StreamSecurity;
import dev.portcullis.api.tls.PolicyVerdict;
import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * One stream in detail (RFC 7590 §3.6): its facts, a banner when the peer's certificate changed, every
 * prooftype's result and reason (RFC 7712 §7), and the full certificate chain with both fingerprints.
 */
final class StreamPage {
    private StreamPage() {
    }

    static void render(PrintWriter w, Sources s, String pluginRoot, String id) {
        w.println(Styles.CSS);
        w.println("<div class='pc'>");
        w.println("<p><a href='" + Html.text(pluginRoot) + "'>&#8592; all streams</a> &#183; <a href='"
                + Html.text(pluginRoot) + "/stream.json?id=" + Html.param(id) + "'>this stream as JSON</a></p>");
        Optional<StreamSecurity> found = s.monitor() == null ? Optional.empty() : s.monitor().stream(id);
        if (found.isEmpty()) {
            w.println("<p id='pc-no-stream'>No live stream " + Html.text(id) + ": it may have closed. "
                    + "Go back to the list of live streams.</p></div>");
            return;
        }
        StreamSecurity x = found.get();
        w.println("<h2>Stream <span id='pc-stream-id'>" + Html.text(x.streamId()) + "</span></h2>");
        CertificateChange c = x.certificateChange();
        if (x.certificateChangeWarning()) {
            w.println("<p id='pc-change-warning' class='pc-banner'>WARNING: the certificate of "
                    + Html.text(c.domain()) + " changed to a new key (last change " + Html.time(c.lastChanged())
                    + "; previous SHA-256 " + Html.text(c.previousFingerprint()) + "). The new certificate "
                    + (c.proven() ? "was proven by a prooftype." : "was NOT proven by any prooftype.")
                    + " Confirm the change with the peer's administrator (RFC 7590 §3.6).</p>");
        }
        if (!x.encrypted()) {
            w.println("<p class='pc-banner'>This stream is NOT encrypted: stanzas on it can be read and changed "
                    + "by anyone on the path.</p>");
        }
        facts(w, x);
        verification(w, s.monitor().verification(id));
        chain(w, s.monitor().peerChain(id));
        w.println("</div>");
    }

    private static void facts(PrintWriter w, StreamSecurity x) {
        PolicyVerdict v = x.verdict();
        w.println("<table id='pc-facts' class='nicetable'><tbody>"
                + row("Direction", Html.text(x.direction().name().toLowerCase(java.util.Locale.ROOT)))
                + row("Local domain", Html.text(x.localDomain()))
                + row("Peer domain", Html.text(x.peerDomain()))
                + row("Authenticated domains", Html.text(String.join(", ", x.authenticatedDomains())))
                + row("Encrypted", x.encrypted() ? "yes" : "<strong>NO</strong>")
                + "<tr><th>TLS version</th><td class='pc-tls'>" + Html.text(x.tlsProtocol()) + "</td></tr>"
                + row("Cipher suite", Html.text(x.cipherSuite()))
                + "<tr><th>Authenticated by</th><td class='pc-method'>" + Html.text(Labels.method(x.authMethod())) + "</td></tr>"
                + row("Certificate proven by", Html.text(x.provenBy()))
                + row("Peer certificate SHA-256", "<code>" + Html.text(x.peerCertificateSha256()) + "</code>")
                + "<tr><th>Certificate memory</th><td class='pc-change'>" + Html.text(Labels.change(x)) + "</td></tr>"
                + row("TLS policy", v == null ? Html.text(null) : Html.text(v.profile()) + (v.accepted() ? ", accepted"
                        : ", <strong>violations:</strong> " + Html.text(v.violations().toString()))
                        + (v.namedGroup() == null ? "" : "; group " + Html.text(v.namedGroup()))
                        + (v.peerKeyAlgorithm() == null ? "" : "; peer key " + Html.text(v.peerKeyAlgorithm() + " " + v.peerKeyBits())))
                + row("Established", Html.time(x.established()))
                + "</tbody></table>");
    }

    private static void verification(PrintWriter w, Optional<Verification> verification) {
        w.println("<h3>Domain verification <small>(RFC 7712 §7)</small></h3>");
        if (verification.isEmpty()) {
            w.println("<p id='pc-no-verification'>The host did not record the verifier's per-prooftype results for "
                    + "this stream (none was run, or the s2s server does not report them yet).</p>");
            return;
        }
        Verification v = verification.get();
        w.println("<p>Outcome: <strong class='pc-outcome'>" + Html.text(v.outcome()) + "</strong>"
                + (v.provenBy() == null ? "" : " by " + Html.text(v.provenBy())) + " &#8211; " + Html.text(v.reason()) + "</p>");
        w.println("<table id='pc-prooftypes' class='nicetable'><thead><tr><th>Prooftype</th><th>Result</th><th>Reason</th>"
                + "<th>Specification</th></tr></thead><tbody>");
        for (ProofResult r : v.results()) {
            w.println("<tr data-prooftype='" + Html.text(r.prooftype()) + "'><td>" + Html.text(r.prooftype()) + "</td><td>"
                    + Html.text(r.status()) + "</td><td>" + Html.text(r.reason()) + "</td><td>"
                    + Html.text(r.specSection()) + "</td></tr>");
        }
        w.println("</tbody></table>");
    }

    private static void chain(PrintWriter w, List<X509Certificate> chain) {
        w.println("<h3>Peer certificate chain</h3>");
        if (chain.isEmpty()) {
            w.println("<p>The peer presented no certificate.</p>");
            return;
        }
        List<CertificateFacts> facts = CertificateFacts.of(chain);
        for (int i = 0; i < facts.size(); i++) {
            CertificateFacts f = facts.get(i);
            w.println("<table class='nicetable pc-certificate' data-index='" + i + "'><thead><tr><th colspan='2'>["
                    + i + "] " + (i == 0 ? "end-entity certificate" : "issuer certificate") + "</th></tr></thead><tbody>"
                    + row("Subject", Html.text(f.subject()))
                    + row("Subject alternative names", f.subjectAltNames().isEmpty() ? "none"
                            : String.join("<br>", f.subjectAltNames().stream().map(Html::text).toList()))
                    + row("Issuer", Html.text(f.issuer()))
                    + row("Valid", Html.time(f.notBefore()) + " to " + Html.time(f.notAfter()))
                    + row("Key", Html.text(f.key()) + ", signed with " + Html.text(f.signatureAlgorithm()))
                    + row("Serial number", "<code>" + Html.text(f.serialNumber()) + "</code>")
                    + "<tr><th>SHA-256</th><td class='pc-sha256'><code>" + Html.text(f.sha256()) + "</code></td></tr>"
                    + "<tr><th>SHA-1</th><td class='pc-sha1'><code>" + Html.text(f.sha1()) + "</code></td></tr>"
                    + "</tbody></table>");
        }
    }

    /** {@code value} is already escaped markup. */
    private static String row(String name, String value) {
        return "<tr><th>" + name + "</th><td>" + value + "</td></tr>";
    }
}
