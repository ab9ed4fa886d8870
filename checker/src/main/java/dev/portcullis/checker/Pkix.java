package dev.portcullis.checker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * PKIX path validation of a served chain (RFC 5280 §6) against the JDK's root store plus the admin's
 * {@code --ca} file. Name checks are separate ({@link IdentityCheck}), as RFC 6125 keeps them.
 */
final class Pkix {
    /** The verdict: valid, or why not. */
    record Verdict(boolean valid, String detail) {
    }

    private final X509TrustManager trust;

    private Pkix(X509TrustManager trust) {
        this.trust = trust;
    }

    static Pkix create(Path extraCa) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        int i = 0;
        for (X509Certificate c : x509(jdk.getTrustManagers()).getAcceptedIssuers()) {
            ks.setCertificateEntry("jdk-" + i++, c);
        }
        if (extraCa != null) {
            Collection<? extends java.security.cert.Certificate> certs;
            try (InputStream in = Files.newInputStream(extraCa)) {
                certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certs.isEmpty()) {
                throw new IOException(extraCa + " holds no PEM certificate");
            }
            for (var c : certs) {
                ks.setCertificateEntry("extra-" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return new Pkix(x509(tmf.getTrustManagers()));
    }

    /** The combined trust (JDK roots plus {@code --ca}), for HTTPS (POSH) too. */
    X509TrustManager trustManager() {
        return trust;
    }

    /** The same trust as anchors, for the PKIX usages of DANE (RFC 6698 §2.1.1). */
    Set<TrustAnchor> anchors() {
        return Arrays.stream(trust.getAcceptedIssuers()).map(c -> new TrustAnchor(c, null))
                .collect(Collectors.toUnmodifiableSet());
    }

    Verdict validate(List<X509Certificate> chain) {
        try {
            trust.checkServerTrusted(chain.toArray(X509Certificate[]::new), "UNKNOWN");
            return new Verdict(true, "chains to a trusted root");
        } catch (java.security.cert.CertificateException e) {
            String m = e.getMessage();
            Throwable c = e.getCause();
            while (c != null) {
                m = c.getMessage();
                c = c.getCause();
            }
            return new Verdict(false, m == null ? e.toString() : m);
        }
    }

    private static X509TrustManager x509(TrustManager[] tms) {
        for (TrustManager tm : tms) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("the JDK offers no X509TrustManager");
    }
}
