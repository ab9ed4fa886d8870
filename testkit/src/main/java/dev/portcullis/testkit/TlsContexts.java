package dev.portcullis.testkit;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * JSSE contexts for test peers: present a certificate the {@link TestCa} issued and trust the lab's CA, the way
 * a federating server does (RFC 6120 §13.7.2: mutual certificates). One place, so every test peer builds them the
 * same way.
 */
public final class TlsContexts {
    private static final char[] NO_PASSWORD = new char[0];

    private TlsContexts() {
    }

    /** A context presenting {@code identity} and trusting exactly {@code anchors} (none: the peer trusts no one). */
    public static SSLContext of(IssuedCertificate identity, X509Certificate... anchors) throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keyManagers(identity), anchors.length == 0 ? null : trustManagers(anchors), null);
        return ctx;
    }

    /** A context presenting {@code identity} whose trust managers are {@code trust} (e.g. a peer that accepts anyone). */
    public static SSLContext withTrust(IssuedCertificate identity, TrustManager... trust) throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keyManagers(identity), trust, null);
        return ctx;
    }

    /** Key managers presenting {@code identity}'s chain. */
    public static KeyManager[] keyManagers(IssuedCertificate identity) throws GeneralSecurityException {
        KeyStore ks = emptyStore();
        ks.setKeyEntry("identity", identity.keyPair().getPrivate(), NO_PASSWORD,
                identity.chain().toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, NO_PASSWORD);
        return kmf.getKeyManagers();
    }

    /** PKIX trust managers with {@code anchors} as the only trust anchors. */
    public static TrustManager[] trustManagers(X509Certificate... anchors) throws GeneralSecurityException {
        KeyStore ts = emptyStore();
        for (int i = 0; i < anchors.length; i++) {
            ts.setCertificateEntry("anchor-" + i, anchors[i]);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        return tmf.getTrustManagers();
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException cannotHappenWithoutAStream) {
            throw new GeneralSecurityException(cannotHappenWithoutAStream);
        }
        return ks;
    }
}
