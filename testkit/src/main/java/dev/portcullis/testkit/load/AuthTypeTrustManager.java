package dev.portcullis.testkit.load;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's PKIX trust manager for another JSSE provider: Conscrypt names the TLS 1.3 key exchange "GENERIC",
 * which the JDK's end-entity checker does not know ("Unknown authType: GENERIC"); it is the JDK's own "UNKNOWN"
 * (RFC 8446 §4.4.2: in TLS 1.3 the key exchange no longer fixes the certificate's key type).
 */
final class AuthTypeTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager jdk;

    AuthTypeTrustManager(X509ExtendedTrustManager jdk) {
        this.jdk = jdk;
    }

    private static String map(String authType) {
        return "GENERIC".equals(authType) ? "UNKNOWN" : authType;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        jdk.checkClientTrusted(chain, map(authType), socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        jdk.checkServerTrusted(chain, map(authType), socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        jdk.checkClientTrusted(chain, map(authType), engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        jdk.checkServerTrusted(chain, map(authType), engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        jdk.checkClientTrusted(chain, map(authType));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        jdk.checkServerTrusted(chain, map(authType));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return jdk.getAcceptedIssuers();
    }
}
