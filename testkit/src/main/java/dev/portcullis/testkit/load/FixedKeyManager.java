package dev.portcullis.testkit.load;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * One certificate chain and key, offered for whichever side asks when the key type fits. Built directly rather
 * than through a PKCS#12 {@code KeyStore}: that encrypts and decrypts the key with PBKDF2 (10,000 rounds) for
 * every origin domain, which made issuing thousands of load-generator domains take minutes.
 */
final class FixedKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "key";
    private final X509Certificate[] chain;
    private final PrivateKey key;

    FixedKeyManager(List<X509Certificate> chain, PrivateKey key) {
        this.chain = chain.toArray(new X509Certificate[0]);
        this.key = key;
    }

    /** JSSE key types: "EC" and "RSA" (also "RSASSA-PSS" for an RSA key, RFC 8446 §4.2.3). */
    private String aliasFor(String... keyTypes) {
        if (keyTypes == null) {
            return null;
        }
        for (String t : keyTypes) {
            if (t.equals(key.getAlgorithm()) || (t.equals("RSASSA-PSS") && key.getAlgorithm().equals("RSA"))
                    || (t.startsWith("EC") && key.getAlgorithm().equals("EC"))) {
                return ALIAS;
            }
        }
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return aliasFor(keyType) == null ? null : new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }
}
