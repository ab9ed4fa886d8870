package dev.portcullis.tls;

import dev.portcullis.api.tls.LocalIdentity;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents the local domain's certificate: the one the stream names ({@code TlsContext.localDomain()},
 * the {@code to} of an inbound stream header or the {@code from} of an outbound one, RFC 6120 §4.7.2),
 * or on a direct-TLS listener the one SNI asks for (XEP-0368 §3, RFC 6066 §3); without SNI, the first
 * configured domain whose key type fits. A name we hold no certificate for is refused by the engine's
 * SNI matcher with unrecognized_name (RFC 9325 §3.7). Aliases are the domains.
 * One key manager serves every engine of an SSLContext; each engine's local domain is remembered
 * weakly, so an engine the host drops is forgotten with it.
 */
final class DomainKeyManager extends X509ExtendedKeyManager {

    private final List<LocalIdentity> identities;
    private final Map<SSLEngine, String> localDomains = Collections.synchronizedMap(new WeakHashMap<>());

    DomainKeyManager(List<LocalIdentity> identities) {
        this.identities = List.copyOf(identities);
    }

    /** Records which local domain an engine speaks for; {@code null} means "choose by SNI". */
    void bind(SSLEngine engine, String localDomain) {
        localDomains.put(EngineTuning.callbackIdentity(engine), localDomain == null ? null : localDomain.toLowerCase(Locale.ROOT));
    }

    Optional<LocalIdentity> identity(String domain) {
        if (domain == null) {
            return Optional.empty();
        }
        String d = domain.toLowerCase(Locale.ROOT);
        return identities.stream().filter(i -> i.domain().equalsIgnoreCase(d)).findFirst();
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        String domain = localDomains.get(EngineTuning.callbackIdentity(engine));
        if (domain == null) {
            domain = requestedServerName(engine.getHandshakeSession());
        }
        if (domain == null) {
            // Direct TLS without SNI (XEP-0368 §3 makes SNI a MUST, but scanners and old peers omit it):
            // present the first configured domain whose key fits, as a default virtual host would.
            return identities.stream().filter(i -> keyMatches(keyType, i)).map(LocalIdentity::domain)
                    .findFirst().orElse(null);
        }
        return identity(domain).filter(i -> keyMatches(keyType, i)).map(LocalIdentity::domain).orElse(null);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        Optional<LocalIdentity> id = identity(localDomains.get(EngineTuning.callbackIdentity(engine)));
        if (id.isEmpty() || keyTypes == null) {
            return null;
        }
        for (String keyType : keyTypes) {
            if (keyMatches(keyType, id.get())) {
                return id.get().domain();
            }
        }
        return null;
    }

    private static String requestedServerName(SSLSession handshakeSession) {
        if (handshakeSession instanceof ExtendedSSLSession ext) {
            for (SNIServerName n : ext.getRequestedServerNames()) {
                if (n.getType() == StandardConstants.SNI_HOST_NAME) {
                    return n instanceof SNIHostName h ? h.getAsciiName()
                            : new SNIHostName(n.getEncoded()).getAsciiName();
                }
            }
        }
        return null;
    }

    /** JSSE key types: "RSA", "RSASSA-PSS", "EC" (also "EC_EC", "ECDSA" in some providers), "EdDSA", "Ed25519". */
    private static boolean keyMatches(String keyType, LocalIdentity identity) {
        if (keyType == null) {
            return false;
        }
        String alg = identity.key().getAlgorithm();
        String kt = keyType.toUpperCase(Locale.ROOT);
        if (kt.startsWith("EC")) {
            return alg.equals("EC");
        }
        if (kt.equals("RSA")) {
            return alg.equals("RSA");
        }
        if (kt.startsWith("ED") || kt.equals("EDDSA")) {
            return alg.startsWith("Ed");
        }
        return kt.equalsIgnoreCase(alg);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return aliases(keyType);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null; // s2s streams run on engines only
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return aliases(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null; // s2s streams run on engines only
    }

    private String[] aliases(String keyType) {
        return identities.stream().filter(i -> keyMatches(keyType, i)).map(LocalIdentity::domain).toArray(String[]::new);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return identity(alias).map(i -> i.chain().toArray(X509Certificate[]::new)).orElse(null);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return identity(alias).map(LocalIdentity::key).orElse(null);
    }
}
