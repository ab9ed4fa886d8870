package dev.portcullis.console;

import dev.portcullis.api.dna.CertificateChangeKind;
import dev.portcullis.api.dna.RememberedCertificate;
import dev.portcullis.api.stream.StreamSecurity;
import dev.portcullis.api.tls.PolicyDescription;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * The XMPP Federation overview: first what needs attention ({@link AttentionSection}), then live streams with their RFC 7590 §3.6 facts, the certificate memory, the TLS
 * policy in force and recent security events. Every peer-controlled value is escaped by {@link Html}.
 */
final class OverviewPage {
    private OverviewPage() {
    }

    static void render(PrintWriter w, Sources s, String pluginRoot) {
        w.println(Styles.CSS);
        w.println("<div class='pc'>");
        w.println("<p class='pc-links'>JSON for scripts: ");
        for (String e : List.of("attention.json", "streams.json", "certificates.json", "policy.json", "events.json")) {
            w.println("<a href='" + Html.text(pluginRoot + "/" + e) + "'>" + Html.text(e) + "</a> ");
        }
        w.println("</p>");
        AttentionSection.render(w, Attention.of(s), pluginRoot);
        streams(w, s, pluginRoot);
        memory(w, s);
        policy(w, s);
        EventsSection.render(w, s.events().recent());
        w.println("</div>");
    }

    private static void streams(PrintWriter w, Sources s, String pluginRoot) {
        w.println("<h2>Live s2s streams <small>(RFC 7590 §3.6)</small></h2>");
        if (s.monitor() == null) {
            w.println("<p class='pc-missing'>The s2s server (FederationMonitor) is not running: no streams to show.</p>");
            return;
        }
        List<StreamSecurity> streams = s.monitor().streams();
        if (streams.isEmpty()) {
            w.println("<p id='pc-no-streams'>No live s2s streams.</p>");
            return;
        }
        w.println("<table id='pc-streams' class='nicetable'><thead><tr><th>Stream</th><th>Direction</th>"
                + "<th>Local</th><th>Peer</th><th>Encrypted</th><th>TLS version</th><th>Cipher suite</th>"
                + "<th>Authenticated by</th><th>Prooftype</th><th>Certificate SHA-256</th><th>Certificate</th></tr></thead><tbody>");
        for (StreamSecurity x : streams) {
            String cls = x.certificateChangeWarning() ? " class='pc-warning'" : (x.encrypted() ? "" : " class='pc-plaintext'");
            w.println("<tr" + cls + " data-stream='" + Html.text(x.streamId()) + "'>"
                    + "<td class='pc-id'><a href='" + Html.text(pluginRoot) + "?stream=" + Html.param(x.streamId()) + "'>"
                    + Html.text(x.streamId()) + "</a></td>"
                    + "<td class='pc-direction'>" + Html.text(x.direction().name().toLowerCase(java.util.Locale.ROOT)) + "</td>"
                    + "<td>" + Html.text(x.localDomain()) + "</td>"
                    + "<td class='pc-peer'>" + Html.text(x.peerDomain()) + "</td>"
                    + "<td class='pc-encrypted'>" + (x.encrypted() ? "yes" : "<strong>NO</strong>") + "</td>"
                    + "<td class='pc-tls'>" + Html.text(x.tlsProtocol()) + "</td>"
                    + "<td class='pc-suite'>" + Html.text(x.cipherSuite()) + "</td>"
                    + "<td class='pc-method'>" + Html.text(Labels.method(x.authMethod())) + "</td>"
                    + "<td class='pc-prooftype'>" + Html.text(x.provenBy()) + "</td>"
                    + "<td class='pc-fingerprint'><code>" + Html.text(x.peerCertificateSha256()) + "</code></td>"
                    + "<td class='pc-change'>" + Html.text(Labels.change(x)) + "</td></tr>");
        }
        w.println("</tbody></table>");
    }

    /** Which store holds the memory, the verification cache and the replay guard (docs/STORE.md). */
    private static void store(PrintWriter w, Sources s) {
        if (s.store() == null) {
            w.println("<p id='pc-store'>Store: local files (this node's data area)</p>");
            return;
        }
        dev.portcullis.api.store.StoreStatus st = s.store().status();
        w.println("<p id='pc-store'" + (st.reachable() ? "" : " class='pc-warning'") + ">Store: "
                + Html.text(st.description()) + ", node " + Html.text(st.node()) + ", "
                + (st.reachable() ? "reachable, " + st.members().size() + " member(s)"
                : "<strong>UNREACHABLE</strong> since " + Html.time(st.since())) + "</p>");
    }

    private static void memory(PrintWriter w, Sources s) {
        w.println("<h2>Certificate memory <small>(RFC 7590 §3.6)</small></h2>");
        store(w, s);
        if (s.memory() == null) {
            w.println("<p class='pc-missing'>The DNA verifier (CertificateMemory) is not running.</p>");
            return;
        }
        List<RememberedCertificate> entries = s.memory().entries();
        if (entries.isEmpty()) {
            w.println("<p>No peer certificate seen yet.</p>");
            return;
        }
        w.println("<table id='pc-memory' class='nicetable'><thead><tr><th>Domain</th><th>Current SHA-256</th>"
                + "<th>Previous SHA-256</th><th>First seen</th><th>Last seen</th><th>Last change</th><th>Kind</th>"
                + "<th>Change proven</th></tr></thead><tbody>");
        for (RememberedCertificate r : entries) {
            boolean changed = r.lastChangeKind() == CertificateChangeKind.CHANGED;
            w.println("<tr" + (changed ? " class='pc-warning'" : "") + " data-domain='" + Html.text(r.domain()) + "'>"
                    + "<td>" + Html.text(r.domain()) + "</td>"
                    + "<td><code>" + Html.text(r.fingerprint()) + "</code></td>"
                    + "<td><code>" + Html.text(r.previousFingerprint()) + "</code></td>"
                    + "<td>" + Html.time(r.firstSeen()) + "</td>"
                    + "<td>" + Html.time(r.lastSeen()) + "</td>"
                    + "<td>" + Html.time(r.lastChanged()) + "</td>"
                    + "<td>" + (changed ? "<strong>CHANGED (new key)</strong>" : Html.text(r.lastChangeKind())) + "</td>"
                    + "<td>" + (r.changeProven() ? "yes" : (changed ? "<strong>no</strong>" : "no")) + "</td></tr>");
        }
        w.println("</tbody></table>");
    }

    private static void policy(PrintWriter w, Sources s) {
        w.println("<h2>TLS policy <small>(RFC 7590, RFC 9325)</small></h2>");
        if (s.policy() == null) {
            w.println("<p class='pc-missing'>The TLS policy bundle (TlsPolicy) is not running: no s2s stream can start TLS.</p>");
            return;
        }
        PolicyDescription d = s.policy().describe();
        w.println("<table id='pc-policy' class='nicetable'><tbody>"
                + "<tr><th>Profile</th><td class='pc-profile'>" + Html.text(d.profile()) + "</td></tr>"
                + "<tr><th>JSSE provider</th><td>" + Html.text(d.provider()) + "</td></tr>"
                + "<tr><th>Protocols</th><td>" + Html.text(String.join(", ", d.protocols())) + "</td></tr>"
                + "<tr><th>Cipher suites</th><td>" + Html.text(String.join(", ", d.cipherSuites())) + "</td></tr>"
                + "<tr><th>Plaintext allowed for</th><td>" + (d.plaintextPeers().isEmpty() ? "nobody"
                        : "<strong>" + Html.text(String.join(", ", d.plaintextPeers())) + "</strong>") + "</td></tr>"
                + "</tbody></table>");
        w.println("<h3>Per-peer profiles</h3>");
        if (d.peerProfiles().isEmpty()) {
            w.println("<p>None: every peer gets the default profile.</p>");
            return;
        }
        w.println("<table id='pc-peer-profiles' class='nicetable'><thead><tr><th>Peer</th><th>Profile</th></tr></thead><tbody>");
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(d.peerProfiles()).entrySet()) {
            w.println("<tr><td>" + Html.text(e.getKey()) + "</td><td>" + Html.text(e.getValue()) + "</td></tr>");
        }
        w.println("</tbody></table>");
    }
}
