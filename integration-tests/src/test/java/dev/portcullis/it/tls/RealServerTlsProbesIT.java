package dev.portcullis.it.tls;

import static dev.portcullis.it.tls.TlsLab.EC_DOMAIN;
import static dev.portcullis.it.tls.TlsLab.RSA_DOMAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.RequiredTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running distribution's s2s ports under the default TLS policy (rfc9325), probed by openssl s_client
 * (STARTTLS, {@code -starttls xmpp-server -xmpphost <domain>}, its header unmodified: no {@code from} before
 * TLS, RFC 6120 §4.7.1) and testssl.sh. testssl.sh 3.0.8 has no xmpp-server mode: its {@code -t xmpp} opens a
 * {@code jabber:client} stream, which an s2s port rightly refuses ({@code <invalid-namespace/>}, RFC 6120
 * §4.8.2). So testssl.sh scans the direct-TLS port (XEP-0368) as it is, and the STARTTLS port through
 * {@link ServerNamespaceShim}, which rewrites only the header's namespace (it adds no {@code from}).
 */
class RealServerTlsProbesIT {
    static TlsLab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = new TlsLab("tlsprobe", Map.of());
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void refusesTls10AndTls11ClientHellosRfc8996() throws Exception {
        OpenSslProbe tls10 = OpenSslProbe.starttls(lab.starttlsPort, EC_DOMAIN, "-tls1", "-cipher", "DEFAULT:@SECLEVEL=0");
        assertTrue(tls10.refusedByServer(), "RFC 8996 §4\n" + tls10.output());
        OpenSslProbe tls11 = OpenSslProbe.starttls(lab.starttlsPort, EC_DOMAIN, "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
        assertTrue(tls11.refusedByServer(), "RFC 8996 §5\n" + tls11.output());
    }

    /**
     * Plain {@code openssl s_client -starttls xmpp-server -xmpphost <domain>}, no shim: its header carries no
     * {@code from}, which RFC 6120 §4.7.1 requires only after TLS, so the host offers STARTTLS and TLS 1.3 follows.
     */
    @Test
    void negotiatesTls13WithAnUnmodifiedOpensslStarttlsXmppServerRfc6120Section4_7_1Rfc9325Section3_1_1() throws Exception {
        OpenSslProbe any = OpenSslProbe.starttls(lab.starttlsPort, EC_DOMAIN);
        assertTrue(any.connected(), any.output() + "\n" + lab.host.log());
        assertEquals("TLSv1.3", any.protocol());
        assertFalse(lab.host.log().contains("invalid-from"), lab.host.log());
    }

    @Test
    void acceptsTls12OnlyWithEcdheAeadSuitesRfc9325Section4_2() throws Exception {
        OpenSslProbe ec = OpenSslProbe.starttls(lab.starttlsPort, EC_DOMAIN, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256");
        assertTrue(ec.connected(), ec.output());
        assertTrue(ec.output().contains("Secure Renegotiation IS supported"), "RFC 5746");
        assertTrue(ec.output().contains("Extended master secret: yes"), "RFC 7627");
        OpenSslProbe rsa = OpenSslProbe.starttls(lab.starttlsPort, RSA_DOMAIN, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256");
        assertTrue(rsa.connected(), rsa.output());
        assertEquals("ECDHE-RSA-AES128-GCM-SHA256", rsa.cipher());
    }

    @Test
    void refusesTls12CbcStaticRsaAndDheSuitesRfc9325Section4_1() throws Exception {
        OpenSslProbe cbc = OpenSslProbe.starttls(lab.starttlsPort, EC_DOMAIN, "-tls1_2",
                "-cipher", "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA");
        assertTrue(cbc.refusedByServer(), cbc.output());
        OpenSslProbe staticRsa = OpenSslProbe.starttls(lab.starttlsPort, RSA_DOMAIN, "-tls1_2",
                "-cipher", "AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA");
        assertTrue(staticRsa.refusedByServer(), staticRsa.output());
        OpenSslProbe dhe = OpenSslProbe.starttls(lab.starttlsPort, RSA_DOMAIN, "-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256");
        assertTrue(dhe.refusedByServer(), dhe.output());
    }

    @Test
    void directTlsPortChoosesTheCertificateBySniXep0368() throws Exception {
        OpenSslProbe rsa = OpenSslProbe.direct(lab.directTlsPort, RSA_DOMAIN);
        assertTrue(rsa.connected(), rsa.output());
        assertTrue(rsa.output().contains("subject=CN = " + RSA_DOMAIN), rsa.output());
        OpenSslProbe ec = OpenSslProbe.direct(lab.directTlsPort, EC_DOMAIN);
        assertTrue(ec.output().contains("subject=CN = " + EC_DOMAIN), ec.output());
    }

    @Test
    void testsslFindsNoWeaknessOnTheDirectTlsPort(@TempDir Path dir) throws Exception {
        scan(dir, List.of(EC_DOMAIN + ":" + lab.directTlsPort));
    }

    /**
     * The STARTTLS s2s port itself, scanned "with the server namespace": testssl's client-namespace stream
     * header is rewritten to {@code jabber:server} by {@link ServerNamespaceShim}; the TLS is the port's own.
     */
    @Test
    void testsslFindsNoWeaknessOnTheStarttlsPortRfc7590Section3(@TempDir Path dir) throws Exception {
        try (ServerNamespaceShim shim = new ServerNamespaceShim(
                new java.net.InetSocketAddress(java.net.InetAddress.getByName(TlsLab.ADDRESS), lab.starttlsPort))) {
            scan(dir, List.of("-t", "xmpp", "--xmpphost", EC_DOMAIN, "127.0.0.1:" + shim.port()));
        }
    }

    private static void scan(Path dir, List<String> target) throws Exception {
        Path testssl = RequiredTool.require("testssl", "testssl.sh");
        Path json = dir.resolve("testssl.json");
        List<String> cmd = new ArrayList<>(List.of(testssl.toString(), "--nodns", "none", "--ip", "127.0.0.1", "--quiet",
                "--color", "0", "--warnings", "off", "--jsonfile", json.toString(), "-p", "-s", "-f", "-E", "-R", "-C", "-U"));
        cmd.addAll(target);
        Instant start = Instant.now();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("testssl.log").toFile()).start();
        if (!p.waitFor(6, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("testssl.sh did not finish in 6 minutes");
        }
        System.out.println("testssl.sh against the running distribution took " + Duration.between(start, Instant.now()).toMillis() + " ms");
        String log = Files.readString(dir.resolve("testssl.log"));
        System.out.println(log);
        assertTrue(Files.exists(json), "testssl wrote no JSON:\n" + log);
        Map<String, Map<String, String>> f = TestSslJson.findings(Files.readString(json));
        for (String off : List.of("SSLv2", "SSLv3", "TLS1", "TLS1_1", "cipherlist_NULL", "cipherlist_aNULL",
                "cipherlist_EXPORT", "cipherlist_LOW", "cipherlist_3DES_IDEA", "cipherlist_AVERAGE")) {
            assertEquals("not offered", finding(f, off), off);
        }
        assertTrue(finding(f, "TLS1_3").startsWith("offered"), "RFC 9325 §3.1.1");
        assertTrue(finding(f, "TLS1_2").startsWith("offered"), "RFC 9325 §3.1.1");
        assertEquals("supported", finding(f, "secure_renego"), "RFC 5746");
        // The host refuses a client-initiated renegotiation at once (RenegotiationRefusedIT); testssl 3.0.8's
        // heuristic may read that immediate close_notify as "VULNERABLE, potential DoS threat".
        String clientRenego = finding(f, "secure_client_renego");
        assertTrue(clientRenego.startsWith("not vulnerable") || clientRenego.startsWith("VULNERABLE, potential DoS"),
                "RFC 9325 §3.5: " + clientRenego);
        assertTrue(finding(f, "CRIME_TLS").startsWith("not vulnerable"), "RFC 9325 §3.3");
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : f.entrySet()) {
            String text = e.getValue().getOrDefault("finding", "");
            String sev = e.getValue().getOrDefault("severity", "");
            if (e.getKey().startsWith("cipher-tls") && !(text.matches("TLS 1\\.3\\s.*\\sTLS_(AES_(128|256)_GCM|CHACHA20_POLY1305)_SHA(256|384)\\s*")
                    || text.matches("TLS 1\\.2\\s.*\\sTLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM|CHACHA20_POLY1305)_SHA(256|384)\\s*"))) {
                bad.add("not a forward-secret AEAD suite: " + text);
            }
            if (e.getKey().equals("secure_client_renego")) {
                continue; // judged above
            }
            if (text.toUpperCase().startsWith("VULNERABLE") || List.of("CRITICAL", "HIGH", "MEDIUM", "LOW").contains(sev)) {
                bad.add(e.getValue().toString());
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    private static String finding(Map<String, Map<String, String>> f, String id) {
        Map<String, String> n = f.get(id);
        if (n == null) {
            throw new AssertionError("testssl.sh reported no '" + id + "'; it reported " + f.keySet());
        }
        return n.get("finding");
    }
}
