package dev.portcullis.api.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * One local domain's certificate chain and private key, as the host loaded them from its
 * {@code dev.portcullis.domain} configuration. The policy presents it as server certificate on inbound
 * streams and as client certificate on outbound ones (RFC 6120 §13.7.1, XEP-0178).
 *
 * @param domain the local XMPP domain, lower case (RFC 7622 §3.2)
 * @param key    the private key for the first certificate of the chain
 * @param chain  end-entity certificate first, then intermediates
 */
public record LocalIdentity(String domain, PrivateKey key, List<X509Certificate> chain) {
    public LocalIdentity {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain for " + domain + " is empty");
        }
    }

    @Override
    public String toString() {
        return "LocalIdentity[" + domain + ", " + chain.get(0).getSubjectX500Principal() + "]";
    }
}
