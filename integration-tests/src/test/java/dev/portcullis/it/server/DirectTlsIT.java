package dev.portcullis.it.server;

import static dev.portcullis.it.server.FederationLab.OURS;
import static dev.portcullis.it.server.FederationLab.THEIRS;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TlsContexts;
import dev.portcullis.testkit.TestCa;
import dev.portcullis.testkit.prosody.ProsodyServer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** XEP-0368 direct TLS both ways: our outbound stream to Prosody's direct-TLS port, and our direct-TLS listener. */
class DirectTlsIT {
    static FederationLab lab;
    static int directPort;

    @BeforeAll
    static void start() throws Exception {
        lab = new FederationLab("DirectTlsIT").withDirectTls();
        lab.startProsody(ProsodyServer.builder(lab.dir.resolve("prosody")).directTls(0));
        directPort = lab.ourDirectTlsPort;
        lab.startHost("dtls", "xmpps://" + lab.prosody.address() + ":" + lab.prosody.directTlsPort(), Map.of());
        lab.host.awaitLog("listening on xmpps://.*:" + directPort, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void outboundStreamToProsodysDirectTlsPortXep0368() {
        lab.host.ping(OURS, THEIRS);
        String json = lab.host.admin("portcullis:streams --json");
        String o = ProsodyFederationIT.streamObject(json, "OUTBOUND", THEIRS);
        assertNotNull(o, json);
        assertTrue(o.contains("\"tlsVersion\" : \"TLSv1.3\""), o);
        assertTrue(o.contains("\"authMethod\" : \"SASL_EXTERNAL\""), o);
        assertTrue(lab.host.log().contains("direct TLS, XEP-0368"), "the log does not say direct TLS was used");
    }

    @Test
    void prosodyReachesUsOverDirectTlsFromTheXmppsServerSrvRecordXep0368() throws Exception {
        ProsodyServer.PingResult r = lab.prosody.ping(THEIRS, OURS);
        assertTrue(r.success(), () -> r.output() + "\n" + lab.prosody.logTail(40));
        String json = lab.host.admin("portcullis:streams --json");
        String in = ProsodyFederationIT.streamObject(json, "INBOUND", THEIRS);
        assertNotNull(in, json);
        assertTrue(in.contains("\"tlsVersion\" : \"TLSv1.3\""), in);
        assertTrue(lab.prosody.log().contains("Next target to try is " + lab.ourAddress + ":" + directPort),
                "Prosody did not use our direct-TLS port from the _xmpps-server SRV record");
    }

    @Test
    void ourDirectTlsListenerStartsWithTlsAndOffersNoStarttlsXep0368() throws Exception {
        TestCa ca = lab.ca;
        IssuedCertificate client = ca.issue("evil.test").dnsName("evil.test").build();
        SSLContext ctx = TlsContexts.of(client, ca.certificate());
        try (RawPeer p = new RawPeer(lab.ourAddress, directPort)) {
            SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(p.socket, OURS, directPort, true);
            SSLParameters params = tls.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(OURS))); // XEP-0368 §4: SNI names the domain
            params.setApplicationProtocols(new String[] {"xmpp-server"});
            tls.setSSLParameters(params);
            tls.startHandshake();
            X509Certificate served = (X509Certificate) tls.getSession().getPeerCertificates()[0];
            assertTrue(served.getSubjectX500Principal().getName().contains("CN=" + OURS), served.toString());
            p.socket = tls;
            p.send(RawPeer.HEADER);
            String features = p.readUntil("</stream:features>", Duration.ofSeconds(15));
            assertFalse(features.contains("<starttls"), features);
            assertTrue(features.contains("EXTERNAL"), () -> "a proven client certificate gets SASL EXTERNAL: " + features);
        }
    }
}
