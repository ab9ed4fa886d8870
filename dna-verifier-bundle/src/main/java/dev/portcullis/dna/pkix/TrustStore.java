package dev.portcullis.dna.pkix;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The CAs PKIX trusts (RFC 5280 §6.1.1 (d)): the Java runtime's store, if enabled, plus PEM files the
 * administrator names. Also offered as an {@link X509TrustManager} for POSH's HTTPS (RFC 7711 §3).
 */
public final class TrustStore {
    private final List<X509Certificate> cas;
    private final Set<TrustAnchor> anchors;
    private final X509TrustManager trustManager;

    private TrustStore(List<X509Certificate> cas, X509TrustManager trustManager) {
        this.cas = List.copyOf(cas);
        Set<TrustAnchor> a = new HashSet<>();
        cas.forEach(c -> a.add(new TrustAnchor(c, null)));
        this.anchors = Set.copyOf(a);
        this.trustManager = trustManager;
    }

    /**
     * @throws IOException naming the file when a PEM file cannot be read or holds no certificate
     */
    public static TrustStore load(boolean systemTrust, List<Path> pemFiles) throws IOException {
        List<X509Certificate> cas = new ArrayList<>();
        try {
            if (systemTrust) {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init((KeyStore) null);
                for (var tm : tmf.getTrustManagers()) {
                    if (tm instanceof X509TrustManager x) {
                        cas.addAll(List.of(x.getAcceptedIssuers()));
                    }
                }
            }
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Path file : pemFiles) {
                try (InputStream in = Files.newInputStream(file)) {
                    int before = cas.size();
                    for (Certificate c : cf.generateCertificates(in)) {
                        cas.add((X509Certificate) c);
                    }
                    if (cas.size() == before) {
                        throw new IOException(file + " holds no PEM certificate");
                    }
                } catch (java.security.cert.CertificateException e) {
                    throw new IOException(file + " is not a PEM certificate file: " + e.getMessage(), e);
                }
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : cas) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(ks);
            X509TrustManager tm = null;
            for (var t : tmf.getTrustManagers()) {
                if (t instanceof X509TrustManager x) {
                    tm = x;
                }
            }
            return new TrustStore(cas, tm);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build the PKIX trust store: " + e.getMessage(), e);
        }
    }

    /** Trust anchors for {@link java.security.cert.PKIXParameters}. */
    public Set<TrustAnchor> anchors() {
        return anchors;
    }

    public List<X509Certificate> certificates() {
        return cas;
    }

    /** A trust manager over exactly these CAs (with hostname checks left to the HTTP client). */
    public X509TrustManager trustManager() {
        return trustManager;
    }
}
