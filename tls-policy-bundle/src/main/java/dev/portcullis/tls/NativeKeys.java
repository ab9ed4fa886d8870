package dev.portcullis.tls;

import dev.portcullis.api.tls.LocalIdentity;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives Conscrypt our private keys in BoringSSL's own form, once per SSLContext. A key of another provider
 * (the JDK's, Bouncy Castle's) is re-parsed from its PKCS#8 encoding on every handshake, and one without an
 * encoding (a hardware or wrapped key) is signed through JCA upcalls from native code: both are measurably
 * slower (README "TLS providers"). A key Conscrypt's key factory does not take stays as it is.
 */
final class NativeKeys {

    private static final Logger LOG = LoggerFactory.getLogger(NativeKeys.class);

    private NativeKeys() {
    }

    static List<LocalIdentity> convert(List<LocalIdentity> identities, Provider conscrypt) {
        return identities.stream().map(i -> new LocalIdentity(i.domain(), convert(i, conscrypt), i.chain())).toList();
    }

    private static PrivateKey convert(LocalIdentity identity, Provider conscrypt) {
        PrivateKey key = identity.key();
        byte[] pkcs8 = "PKCS#8".equals(key.getFormat()) ? key.getEncoded() : null;
        if (pkcs8 == null) {
            LOG.warn("The private key of {} has no PKCS#8 encoding, so Conscrypt signs with it through JCA, "
                    + "several times slower than natively; give the key as a PEM or PKCS#8 file", identity.domain());
            return key;
        }
        try {
            return KeyFactory.getInstance(key.getAlgorithm(), conscrypt).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException notSupported) {
            // e.g. an Ed25519 key on a Conscrypt without that key factory: it still parses the encoding itself
            return key;
        }
    }
}
