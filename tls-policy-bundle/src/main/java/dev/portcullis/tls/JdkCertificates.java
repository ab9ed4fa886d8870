package dev.portcullis.tls;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/**
 * Peer certificates as the JDK parses them. Conscrypt hands its own certificate objects to trust managers and
 * sessions; on Java 17 they name no signature algorithm (getSigAlgName() returns the OID, because the JDK's
 * name table is not accessible to them), so SHA-1 signatures would pass the floors unnoticed (RFC 9325 §4.5,
 * RFC 9155). Such a certificate is re-read by the JDK's own X.509 factory; the others are returned as they are.
 */
final class JdkCertificates {

    private JdkCertificates() {
    }

    static X509Certificate[] of(X509Certificate[] chain) throws CertificateException {
        try {
            return read(chain);
        } catch (java.security.NoSuchProviderException noSun) {
            throw new CertificateException("the JDK's SUN provider is missing from this JVM", noSun);
        }
    }

    private static X509Certificate[] read(X509Certificate[] chain)
            throws CertificateException, java.security.NoSuchProviderException {
        if (chain == null) {
            return null;
        }
        X509Certificate[] out = chain.clone();
        CertificateFactory jdk = null;
        for (int i = 0; i < out.length; i++) {
            if (out[i].getSigAlgName().equals(out[i].getSigAlgOID())) {
                if (jdk == null) {
                    jdk = CertificateFactory.getInstance("X.509", "SUN");
                }
                out[i] = (X509Certificate) jdk.generateCertificate(new ByteArrayInputStream(out[i].getEncoded()));
            }
        }
        return out;
    }
}
