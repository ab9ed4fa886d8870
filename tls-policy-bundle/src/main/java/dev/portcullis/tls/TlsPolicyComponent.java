package dev.portcullis.tls;

import dev.portcullis.api.tls.PolicyDescription;
import dev.portcullis.api.tls.PolicyVerdict;
import dev.portcullis.api.tls.StartTlsRule;
import dev.portcullis.api.tls.TlsContext;
import dev.portcullis.api.tls.TlsPolicy;
import dev.portcullis.api.tls.TlsPolicyException;
import dev.portcullis.api.tls.PolicyViolation;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The s2s TLS policy (RFC 7590, RFC 9325, RFC 7525, RFC 8996). A configuration change builds a new
 * {@link PolicyState}, which applies to the next engine; engines already built keep theirs. A rejected
 * configuration is logged and the previous one stays in force; one rejected at activation leaves no policy
 * at all, so every engine is refused until the file is corrected (never the wider built-in defaults).
 */
@Component(service = TlsPolicy.class, configurationPid = "dev.portcullis.tls",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TlsPolicyConfiguration.class)
public final class TlsPolicyComponent implements TlsPolicy {

    static final String PID = "dev.portcullis.tls";
    private static final Logger LOG = LoggerFactory.getLogger(TlsPolicyComponent.class);

    private final Providers providers;
    private final Clock clock;
    /** {@code null} while no configuration was ever valid: then every engine is refused (fail closed). */
    private final AtomicReference<PolicyState> state = new AtomicReference<>();
    private volatile String refusal;

    @Activate
    public TlsPolicyComponent(Map<String, Object> properties) {
        this(properties, new Providers());
    }

    TlsPolicyComponent(Map<String, Object> properties, Providers providers) {
        this(properties, providers, Clock.systemUTC());
    }

    /** For tests: {@code clock} decides when ticket-encryption keys are replaced (RFC 9325 §3.4). */
    TlsPolicyComponent(Map<String, Object> properties, Providers providers, Clock clock) {
        this.providers = providers;
        this.clock = clock;
        modified(properties);
    }

    /** Applies a new configuration, or logs why not and keeps the one in force. */
    @Modified
    void modified(Map<String, Object> properties) {
        try {
            PolicySettings s = PolicySettings.parse(properties, new PolicySettings.ProviderSupport() {
                @Override
                public java.util.Set<String> suites(JsseProvider kind) {
                    return providers.supportedSuites(kind);
                }

                @Override
                public java.util.Optional<String> unavailable(JsseProvider kind) {
                    return providers.unavailable(kind);
                }
            });
            state.set(new PolicyState(s, providers, clock));
            for (String unknown : PolicySettings.unknownKeys(properties)) {
                LOG.warn("Ignoring unknown key '{}' in configuration {} from {}: known keys are profile, provider, "
                        + "protocols, cipher-suites, starttls, plaintext-domains, session-timeout and "
                        + "peer.<domain>.profile", unknown, PID, source(properties));
            }
            if (s.providerFallback() != null) {
                LOG.warn("TLS runs on SunJSSE, not Conscrypt (provider = auto in {}): {}. Each handshake costs "
                        + "more CPU (README, TLS providers); to use Conscrypt, fix that, or set provider = sun to choose SunJSSE explicitly",
                        source(properties), s.providerFallback());
            }
            LOG.info("TLS policy in force: profile {} on {}, {} per-peer override(s), {} plaintext peer(s), "
                            + "session lifetime {} s", s.defaultProfile().name(), s.provider().providerName(),
                    s.peerProfiles().size(), s.plaintextDomains().size(), s.sessionTimeoutSeconds());
            if (!s.plaintextDomains().isEmpty()) {
                LOG.warn("Plaintext s2s is permitted with {} if STARTTLS fails (plaintext-domains); stanzas to them "
                        + "may travel unencrypted (RFC 7590 §3.1)", String.join(", ", s.plaintextDomains()));
            }
        } catch (ConfigRejection r) {
            if (state.get() == null) {
                // Fail closed: the built-in defaults may be wider than the rejected file (e.g. it asked for
                // TLS 1.3 only); no engine is built until a valid file arrives.
                refusal = "No TLS for s2s: configuration " + PID + " from " + source(properties) + " was rejected ("
                        + r.key() + " = " + r.value() + "); correct '" + r.key() + "' and save the file";
                LOG.error("Rejected configuration " + PID + " from " + source(properties) + ": " + r.key() + " = "
                        + r.value() + ": " + r.reason() + "; there is no valid TLS configuration yet, so every TLS "
                        + "handshake is refused and STARTTLS is required of every peer. Correct '" + r.key()
                        + "' in " + source(properties) + "; it applies as soon as the file is saved");
            } else {
                LOG.error(rejectionLine(properties, r));
            }
        }
    }

    /** The state in force, or the refusal while no configuration was ever valid. */
    private PolicyState current() throws TlsPolicyException {
        PolicyState s = state.get();
        if (s == null) {
            throw new TlsPolicyException(refusal);
        }
        return s;
    }

    /** The team's log format for a refused configuration (docs/ARCHITECTURE.md, "Runtime, configuration and hot update"). */
    static String rejectionLine(Map<String, ?> properties, ConfigRejection r) {
        return "Rejected configuration " + PID + " from " + source(properties) + ": " + r.key() + " = " + r.value()
                + ": " + r.reason() + "; the previous configuration stays in force";
    }

    private static String source(Map<String, ?> properties) {
        Object f = properties.get("felix.fileinstall.filename");
        return f != null ? String.valueOf(f) : "ConfigAdmin";
    }

    @Override
    public SSLEngine newEngine(TlsContext context) throws TlsPolicyException {
        return current().newEngine(context);
    }

    @Override
    public StartTlsRule startTls(String peerDomain) {
        PolicyState s = state.get();
        if (peerDomain != null && s != null
                && s.settings().plaintextDomains().contains(peerDomain.toLowerCase(Locale.ROOT))) {
            return StartTlsRule.PLAINTEXT_PERMITTED;
        }
        return StartTlsRule.REQUIRED;
    }

    @Override
    public PolicyVerdict review(SSLSession session, TlsContext context) {
        PolicyState s = state.get();
        if (s == null) {
            return new PolicyVerdict("none", session.getProtocol(), session.getCipherSuite(), null, null, 0, List.of(),
                    List.of(new PolicyViolation("no-valid-configuration", refusal, "RFC 9325 §3")));
        }
        return SessionReview.review(session, s.settings().profileFor(context.peerDomain()));
    }

    @Override
    public PolicyDescription describe() {
        PolicyState st = state.get();
        if (st == null) {
            return new PolicyDescription("none (configuration rejected: every handshake refused)", "none", List.of(),
                    List.of(), Map.of(), List.of());
        }
        PolicySettings s = st.settings();
        Map<String, String> peers = new LinkedHashMap<>();
        s.peerProfiles().forEach((d, p) -> peers.put(d, p.name()));
        return new PolicyDescription(s.defaultProfile().name(), s.provider().providerName(),
                s.defaultProfile().protocols(), s.defaultProfile().cipherSuites(), peers,
                s.plaintextDomains().stream().sorted().toList());
    }
}
