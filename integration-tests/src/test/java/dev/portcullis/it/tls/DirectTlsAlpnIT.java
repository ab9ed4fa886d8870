package dev.portcullis.it.tls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ALPN on the real distribution's direct-TLS port (XEP-0368 §3, RFC 9325 §3.8, RFC 7301 §3.2), probed by
 * {@code openssl s_client -alpn}, on both providers: {@code xmpp-server} is selected, a client offering
 * only {@code h2} gets a fatal no_application_protocol alert, a client without ALPN is still served.
 */
class DirectTlsAlpnIT {
    static TlsLab sun;
    static TlsLab bc;

    @BeforeAll
    static void start() throws Exception {
        sun = new TlsLab("alpn-sun", Map.of("provider", "sun"));
        bc = new TlsLab("alpn-bc", Map.of("provider", "bc"));
    }

    @AfterAll
    static void stop() {
        if (sun != null) {
            sun.close();
        }
        if (bc != null) {
            bc.close();
        }
    }

    private static TlsLab lab(String provider) {
        return provider.equals("bc") ? bc : sun;
    }

    @ParameterizedTest(name = "provider {0}")
    @ValueSource(strings = {"sun", "bc"})
    void directTlsSelectsAlpnXmppServerXep0368Section3(String provider) throws Exception {
        OpenSslProbe p = OpenSslProbe.direct(lab(provider).directTlsPort, TlsLab.EC_DOMAIN, "-alpn", "xmpp-server");
        System.out.println(provider + " -alpn xmpp-server: " + line(p.output(), "ALPN"));
        assertTrue(p.connected(), p.output());
        assertTrue(p.output().contains("ALPN protocol: xmpp-server"), p.output());
    }

    @ParameterizedTest(name = "provider {0}")
    @ValueSource(strings = {"sun", "bc"})
    void directTlsRefusesAlpnWithoutXmppServerWithNoApplicationProtocolRfc9325Section3_8(String provider)
            throws Exception {
        OpenSslProbe p = OpenSslProbe.direct(lab(provider).directTlsPort, TlsLab.EC_DOMAIN, "-alpn", "h2,http/1.1");
        System.out.println(provider + " -alpn h2,http/1.1: exit " + p.exitCode() + ", " + line(p.output(), "alert"));
        assertFalse(p.connected(), p.output());
        assertTrue(p.output().contains("alert no application protocol"), p.output());
    }

    @ParameterizedTest(name = "provider {0}")
    @ValueSource(strings = {"sun", "bc"})
    void directTlsServesAClientWithoutAlpnXep0368Section3(String provider) throws Exception {
        OpenSslProbe p = OpenSslProbe.direct(lab(provider).directTlsPort, TlsLab.EC_DOMAIN);
        assertTrue(p.connected(), p.output());
        assertTrue(p.output().contains("No ALPN negotiated"), p.output());
    }

    private static String line(String output, String containing) {
        return output.lines().filter(l -> l.contains(containing)).findFirst().orElse("(no line with " + containing + ")");
    }
}
