package dev.portcullis.openfire;

import dev.portcullis.api.dna.CertificateMemory;
import dev.portcullis.api.dna.RememberedCertificate;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.jivesoftware.openfire.Connection;
import org.jivesoftware.openfire.SessionManager;
import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.container.Plugin;
import org.jivesoftware.openfire.nio.NettyConnection;
import org.jivesoftware.openfire.session.IncomingServerSession;
import org.jivesoftware.openfire.session.LocalSession;
import org.jivesoftware.openfire.session.OutgoingServerSession;
import org.jivesoftware.openfire.session.ServerSession;

/**
 * Admin-console page: every s2s session's RFC 7590 §3.6 facts (the facts {@code portcullis:streams} shows:
 * direction, local and peer domains, how the peer was authenticated, TLS protocol and suite, the peer's
 * certificate) and the certificate memory. Openfire's admin console authenticates the request before it
 * reaches a plugin servlet. Every value is HTML-escaped.
 */
public final class SessionsPage extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html; charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        PrintWriter out = response.getWriter();
        out.println("<html><head><title>Portcullis s2s security</title>"
                + "<meta name=\"pageID\" content=\"portcullis-sessions\"/></head><body>");
        out.println("<h1>Server-to-server sessions (RFC 7590 §3.6)</h1>");
        out.println("<table id=\"portcullis-sessions\" class=\"jive-table\"><thead><tr><th>Direction</th><th>Local domain</th>"
                + "<th>Peer domain</th><th>Address</th><th>Authenticated by</th><th>Encrypted</th><th>Peer certificate (SHA-256)</th>"
                + "</tr></thead><tbody>");
        SessionManager sessions = SessionManager.getInstance();
        int rows = 0;
        for (String domain : sessions.getIncomingServers()) {
            for (IncomingServerSession s : sessions.getIncomingServerSessions(domain)) {
                row(out, "inbound", s.getLocalDomain(), domain, s);
                rows++;
            }
        }
        for (String domain : sessions.getOutgoingServers()) {
            for (OutgoingServerSession s : sessions.getOutgoingServerSessions(domain)) {
                row(out, "outbound", XMPPServer.getInstance().getServerInfo().getXMPPDomain(), domain, s);
                rows++;
            }
        }
        if (rows == 0) {
            out.println("<tr><td colspan=\"7\">No server-to-server session is open.</td></tr>");
        }
        out.println("</tbody></table>");

        out.println("<h2>Certificate memory (RFC 7590 §3.6)</h2>");
        CertificateMemory memory = plugin() == null ? null : plugin().certificateMemory();
        if (memory == null) {
            out.println("<p id=\"portcullis-memory-missing\">The certificate memory is not available: the dna-verifier bundle "
                    + "is not running. See Openfire's log.</p>");
        } else {
            out.println("<table id=\"portcullis-memory\" class=\"jive-table\"><thead><tr><th>Domain</th><th>Certificate (SHA-256)</th>"
                    + "<th>First seen</th><th>Last seen</th><th>Last change</th></tr></thead><tbody>");
            for (RememberedCertificate c : memory.entries()) {
                out.println("<tr><td>" + Html.text(c.domain()) + "</td><td>" + Html.text(c.fingerprint()) + "</td><td>"
                        + Html.text(c.firstSeen()) + "</td><td>" + Html.text(c.lastSeen()) + "</td><td>"
                        + Html.text(c.lastChangeKind() == null ? "" : c.lastChangeKind() + (c.changeProven() ? " (proven)" : " (unproven)"))
                        + "</td></tr>");
            }
            out.println("</tbody></table>");
        }
        out.println("</body></html>");
    }

    private static void row(PrintWriter out, String direction, String local, String peer, ServerSession session) {
        String tls = "no";
        String address = "";
        String fingerprint = "";
        if (session instanceof LocalSession ls) {
            Connection c = ls.getConnection();
            if (c instanceof NettyConnection nc && nc.isEncrypted()) {
                tls = nc.getTLSProtocolName().orElse("?") + " " + nc.getCipherSuiteName().orElse("?");
            }
            try {
                address = c == null ? "" : c.getHostAddress();
            } catch (java.net.UnknownHostException e) {
                address = "";
            }
            fingerprint = fingerprint(ls.getPeerCertificates());
        }
        out.println("<tr><td>" + direction + "</td><td>" + Html.text(local) + "</td><td>" + Html.text(peer) + "</td><td>"
                + Html.text(address) + "</td><td>" + Html.text(session.getAuthenticationMethod()) + "</td><td>" + Html.text(tls)
                + "</td><td>" + Html.text(fingerprint) + "</td></tr>");
    }

    private static String fingerprint(Certificate[] chain) {
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            return "(none)";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(leaf.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest) + " " + leaf.getSubjectX500Principal().getName();
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return "(unreadable)";
        }
    }

    private static PortcullisPlugin plugin() {
        // by plugin.xml's <name/>
        Plugin plugin = XMPPServer.getInstance().getPluginManager().getPluginByName("Portcullis").orElse(null);
        return plugin instanceof PortcullisPlugin p ? p : null;
    }
}
