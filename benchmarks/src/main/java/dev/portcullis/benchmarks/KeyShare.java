package dev.portcullis.benchmarks;

import dev.portcullis.testkit.IssuedCertificate;
import dev.portcullis.testkit.TestCa;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Hands the JSSE server JVM its certificate and the run's CA as PKCS#12 files in the run's temp folder. */
final class KeyShare {
    private static final char[] PASS = "load".toCharArray();

    private KeyShare() {
    }

    static void save(TestCa ca, String domain, Path dir) throws Exception {
        save(ca, ca.issue(domain).dnsName(domain).xmppAddr(domain).build(), dir);
    }

    static void save(TestCa ca, IssuedCertificate c, Path dir) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("key", c.keyPair().getPrivate(), PASS, c.chain().toArray(new Certificate[0]));
        ks.setCertificateEntry("ca", ca.certificate());
        try (OutputStream o = Files.newOutputStream(dir.resolve("server.p12"))) {
            ks.store(o, PASS);
        }
    }

    static SSLContext load(Path dir) throws Exception {
        return load(dir, null);
    }

    /** With {@code provider} {@code null}: the JVM's default TLS 1.3 context. */
    static SSLContext load(Path dir, java.security.Provider provider) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            ks.load(in, PASS);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ks.getCertificate("ca"));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASS);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = provider == null ? SSLContext.getInstance("TLSv1.3") : TlsProviders.context(provider);
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
