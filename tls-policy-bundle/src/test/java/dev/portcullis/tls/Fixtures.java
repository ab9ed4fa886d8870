package dev.portcullis.tls;

import dev.portcullis.api.Direction;
import dev.portcullis.api.tls.LocalIdentity;
import dev.portcullis.api.tls.TlsContext;
import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/** Certificates, policies and foreign peers for the tests; certificates are generated per run. */
final class Fixtures {

    static final TestCa CA = TestCa.create("Portcullis TLS test CA");
    static final IssuedCertificate ALPHA = CA.issue("alpha.test").dnsName("alpha.test").build();
    static final IssuedCertificate BETA = CA.issue("beta.test").dnsName("beta.test").build();
    static final IssuedCertificate BETA_RSA = CA.issue("beta.test").dnsName("beta.test")
            .key(TestCa.KeyAlgorithm.RSA_2048).build();

    private Fixtures() {
    }

    /** Every JSSE provider the policy runs on; the profile and handshake tests run on each (issue 12). */
    static java.util.stream.Stream<String> providers() {
        return java.util.stream.Stream.of("sun", "bc", "conscrypt");
    }

    /**
     * Whether the provider cannot honour the profile (Conscrypt has no TLS_DHE_* suites, so rfc7525 is refused
     * on it); if so, asserts that the configuration is refused with that reason, fail-closed, so the caller's
     * remaining checks (which need the profile) are skipped only after the refusal was proven.
     */
    static boolean refusedOnProvider(String provider, String profile) {
        if (!(provider.equals("conscrypt") && profile.equals("rfc7525"))) {
            return false;
        }
        ConfigRejection r = org.junit.jupiter.api.Assertions.assertThrows(ConfigRejection.class,
                () -> PolicySettings.parse(config(provider, "profile", profile), new Providers()::supportedSuites));
        org.junit.jupiter.api.Assertions.assertEquals("profile", r.key());
        org.junit.jupiter.api.Assertions.assertTrue(r.reason().contains("TLS_DHE_RSA_WITH_AES_256_GCM_SHA384")
                && r.reason().contains("Conscrypt does not implement"), r.reason());
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.portcullis.api.tls.TlsPolicyException.class,
                () -> policy(provider, "profile", profile).newEngine(inbound("alpha.test", "beta.test")));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("was rejected (profile = rfc7525)"), e.getMessage());
        return true;
    }

    static LocalIdentity identity(String domain, IssuedCertificate c) {
        return new LocalIdentity(domain, c.keyPair().getPrivate(), c.chain());
    }

    static Map<String, Object> config(String provider, Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        m.put("provider", provider);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    static TlsPolicyComponent policy(String provider, Object... keyValues) {
        return new TlsPolicyComponent(config(provider, keyValues));
    }

    /** We receive a stream from {@code peer} addressed to {@code local}. */
    static TlsContext inbound(String local, String peer, LocalIdentity... ids) {
        return new TlsContext(Direction.INBOUND, local, peer, List.of(ids), "127.0.0.1", 0);
    }

    /** We open a stream from {@code local} to {@code peer}. */
    static TlsContext outbound(String local, String peer, LocalIdentity... ids) {
        return new TlsContext(Direction.OUTBOUND, local, peer, List.of(ids), "127.0.0.1", 5269);
    }

    /**
     * A server not under our policy (plain SunJSSE with a PKIX trust manager anchored at the test CA), to
     * show what the policy does when a peer offers something it should not.
     */
    static SSLEngine foreign(IssuedCertificate cert, boolean client, String[] protocols, String[] suites) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pw = "test".toCharArray();
        ks.setKeyEntry("peer", cert.keyPair().getPrivate(), pw,
                cert.chain().toArray(new java.security.cert.X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(ks, pw);
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", CA.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        SSLEngine e = ctx.createSSLEngine("peer.test", 5269);
        e.setUseClientMode(client);
        SSLParameters p = e.getSSLParameters();
        if (protocols != null) {
            p.setProtocols(protocols);
        }
        if (suites != null) {
            p.setCipherSuites(suites);
        }
        if (!client) {
            p.setWantClientAuth(true);
        }
        e.setSSLParameters(p);
        return e;
    }
}
