package dev.portcullis.tls;

import dev.portcullis.api.Direction;
import dev.portcullis.api.tls.LocalIdentity;
import dev.portcullis.api.tls.TlsContext;
import dev.portcullis.api.tls.TlsPolicyException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * One configuration in force and the SSLContexts built for it. A new configuration gets a new state and
 * thereby fresh SSLContexts: new session caches and new session-ticket keys (RFC 9325 §3.4). A context is
 * also replaced once it is older than {@link PolicySettings#ticketKeyLifetime()} (twice the session
 * lifetime), so no ticket-encryption key of any provider outlives that, and a ticket issued under the old key
 * is no longer accepted: the next stream makes a full handshake. Engines already handed out keep their old
 * context until they end; the dropped context's keys go with it. Contexts are made per (profile, identity
 * set), so a session negotiated under one profile is never resumed under another.
 */
final class PolicyState {

    private static final int MAX_CONTEXTS = 32;

    private final PolicySettings settings;
    private final Providers providers;
    private final Clock clock;
    private final Map<ContextKey, Built> contexts = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ContextKey, Built> eldest) {
            return size() > MAX_CONTEXTS;
        }
    };

    private final OwnCertificates ownCertificates = new OwnCertificates();

    PolicyState(PolicySettings settings, Providers providers, Clock clock) {
        this.settings = settings;
        this.providers = providers;
        this.clock = clock;
    }

    PolicySettings settings() {
        return settings;
    }

    SSLEngine newEngine(TlsContext given) throws TlsPolicyException {
        Profile profile = settings.profileFor(given.peerDomain());
        // RFC 9325 §4.5 for our own chains too: one under the floors is treated as absent
        TlsContext c = new TlsContext(given.direction(), given.localDomain(), given.peerDomain(),
                ownCertificates.usable(given.identities(), profile), given.peerHost(), given.peerPort(),
                given.directTls());
        boolean inbound = c.direction() == Direction.INBOUND;
        if (c.localDomain() != null && has(given, c.localDomain()) && !has(c, c.localDomain())) {
            throw new TlsPolicyException("The certificate of local domain " + c.localDomain() + " is below the floors "
                    + "of RFC 9325 §4.5, so no stream with " + peer(c) + " uses it; replace it (see the error logged "
                    + "when it was refused)");
        }
        if (inbound && c.identities().isEmpty()) {
            throw new TlsPolicyException("No local certificate is configured, so no inbound TLS stream from "
                    + peer(c) + " can be accepted: add a certificate and key for each local domain");
        }
        if (c.localDomain() != null && c.identities().stream().noneMatch(i -> i.domain().equalsIgnoreCase(c.localDomain()))
                && inbound) {
            throw new TlsPolicyException("No certificate for local domain " + c.localDomain() + " (stream from "
                    + peer(c) + "): configured domains are " + c.identities().stream().map(LocalIdentity::domain)
                    .collect(Collectors.joining(", ")) + "; add a certificate and key for " + c.localDomain());
        }
        // Outbound sessions are cached per local domain: a JSSE client resumes by peer host and port, and a
        // session resumed under another local domain would present that domain's certificate (RFC 8446 §2.2:
        // a resumed session keeps the original peer authentication).
        Built built = context(profile, c.identities(), inbound ? "" : c.localDomain());
        // An outbound engine is named after the peer domain (the client session cache's key), unless SNI cannot
        // carry that name (RFC 6066 §3: IP literals, underscores): Conscrypt would derive SNI from it.
        String host = c.direction() == Direction.OUTBOUND ? (sniName(c.peerDomain()) != null ? c.peerDomain() : null)
                : c.peerHost();
        SSLEngine engine = host == null ? built.context.createSSLEngine() : built.context.createSSLEngine(host, c.peerPort());
        engine.setUseClientMode(!inbound);
        PolicyConstraints constraints = new PolicyConstraints(profile);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(profile.protocolArray());
        p.setCipherSuites(profile.cipherSuiteArray());
        p.setUseCipherSuitesOrder(true);                 // server preference (RFC 9325 §4.2.1)
        p.setEndpointIdentificationAlgorithm(null);      // identity is the DNA verifier's job (RFC 7712)
        p.setAlgorithmConstraints(constraints);
        if (inbound) {
            p.setWantClientAuth(true);                   // RFC 7712 §4.2, XEP-0178: the peer's certificate, if any
            if (c.localDomain() == null) {
                p.setSNIMatchers(List.of(sniMatcher(c.identities())));   // direct TLS: RFC 9325 §3.7
            }
        } else {
            if (c.directTls()) {
                p.setApplicationProtocols(new String[] {Alpn.XMPP_SERVER});   // XEP-0368 §3, RFC 9325 §3.8
            }
            SNIHostName sni = sniName(c.peerDomain());
            if (sni != null) {
                p.setServerNames(List.of(sni));   // RFC 7590 §3.5
            }
        }
        engine.setSSLParameters(p);
        if (inbound && c.directTls()) {
            engine.setHandshakeApplicationProtocolSelector(Alpn.selector());   // RFC 7301 §3.2, RFC 9325 §3.8
        }
        EngineTuning.apply(engine, profile);
        built.keyManager.bind(engine, c.localDomain());
        return new RenegotiationGuard(engine, constraints);   // every provider (RFC 9325 §3.5)
    }

    private synchronized Built context(Profile profile, List<LocalIdentity> identities, String sessionScope)
            throws TlsPolicyException {
        ContextKey key = new ContextKey(profile.name(), identities, sessionScope);
        Built b = contexts.get(key);
        Instant now = clock.instant();
        if (b != null && !now.isBefore(b.created.plus(settings.ticketKeyLifetime()))) {
            contexts.remove(key);   // RFC 9325 §3.4: ticket-encryption keys are changed regularly
            b = null;
        }
        if (b == null) {
            try {
                SSLContext ctx = providers.newContext(settings.provider());
                // Conscrypt signs natively only with a key in BoringSSL's own form (NativeKeys)
                DomainKeyManager km = new DomainKeyManager(settings.provider() == JsseProvider.CONSCRYPT
                        ? NativeKeys.convert(identities, providers.conscrypt()) : identities);
                ctx.init(new KeyManager[] {km}, new TrustManager[] {new FloorTrustManager(profile)}, new SecureRandom());
                ctx.getServerSessionContext().setSessionTimeout(settings.sessionTimeoutSeconds());
                ctx.getClientSessionContext().setSessionTimeout(settings.sessionTimeoutSeconds());
                b = new Built(ctx, km, now);
                contexts.put(key, b);
            } catch (GeneralSecurityException e) {
                throw new TlsPolicyException("Cannot set up TLS with provider " + settings.provider().providerName()
                        + ": " + e.getMessage() + "; check the provider setting in dev.portcullis.tls", e);
            }
        }
        return b;
    }

    /** The peer domain as an SNI host name, or {@code null} for an IP literal or other non-DNS name (RFC 6066 §3). */
    private static SNIHostName sniName(String domain) {
        if (domain == null || domain.startsWith("[") || domain.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch))) {
            return null;
        }
        try {
            return new SNIHostName(domain);
        } catch (IllegalArgumentException notAHostName) {
            return null;
        }
    }

    private static SNIMatcher sniMatcher(List<LocalIdentity> identities) {
        String regex = identities.stream().map(i -> Pattern.quote(i.domain())).collect(Collectors.joining("|"));
        return SNIHostName.createSNIMatcher("(?i)(" + regex + ")");
    }

    private static boolean has(TlsContext c, String domain) {
        return c.identities().stream().anyMatch(i -> i.domain().equalsIgnoreCase(domain));
    }

    private static String peer(TlsContext c) {
        return c.peerDomain() != null ? c.peerDomain() : c.peerHost() + ":" + c.peerPort();
    }

    private record ContextKey(String profile, List<LocalIdentity> identities, String sessionScope) {
    }

    private record Built(SSLContext context, DomainKeyManager keyManager, Instant created) {
    }
}
