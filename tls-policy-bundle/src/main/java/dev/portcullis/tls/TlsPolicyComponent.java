package dev.portcullis.tls;

import dev.portcullis.api.tls.PolicyDescription;
import dev.portcullis.api.tls.PolicyVerdict;
import dev.portcullis.api.tls.StartTlsRule;
import dev.portcullis.api.tls.TlsContext;
import dev.portcullis.api.tls.TlsPolicy;
import dev.portcullis.api.tls.TlsPolicyException;
import java.util.LinkedHashMap;
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
 * configuration is logged and the previous one stays in force.
 */
@Component(service = TlsPolicy.class, configurationPid = "dev.portcullis.tls",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TlsPolicyConfiguration.class)
public final class TlsPolicyComponent implements TlsPolicy {

    static final String PID = "dev.portcullis.tls";
    private static final Logger LOG = LoggerFactory.getLogger(TlsPolicyComponent.class);

    private final Providers providers = new Providers();
    private final AtomicReference<PolicyState> state;

    @Activate
    public TlsPolicyComponent(Map<String, Object> properties) {
        state = new AtomicReference<>(new PolicyState(PolicySettings.defaults(), providers));
        modified(properties);
    }

    /** Applies a new configuration, or logs why not and keeps the one in force. */
    @Modified
    void modified(Map<String, Object> properties) {
        try {
            PolicySettings s = PolicySettings.parse(properties, kind -> PolicyState.supportedSuites(providers, kind));
            state.set(new PolicyState(s, providers));
            for (String unknown : PolicySettings.unknownKeys(properties)) {
                LOG.warn("Ignoring unknown key '{}' in configuration {} from {}: known keys are profile, provider, "
                        + "protocols, cipher-suites, starttls, plaintext-domains, session-timeout and "
                        + "peer.<domain>.profile", unknown, PID, source(properties));
            }
            LOG.info("TLS policy in force: profile {} on {}, {} per-peer override(s), {} plaintext peer(s), "
                            + "session lifetime {} s", s.defaultProfile().name(), s.provider().providerName(),
                    s.peerProfiles().size(), s.plaintextDomains().size(), s.sessionTimeoutSeconds());
            if (!s.plaintextDomains().isEmpty()) {
                LOG.warn("Plaintext s2s is permitted with {} if STARTTLS fails (plaintext-domains); stanzas to them "
                        + "may travel unencrypted (RFC 7590 §3.1)", String.join(", ", s.plaintextDomains()));
            }
        } catch (ConfigRejection r) {
            LOG.error(rejectionLine(properties, r));
        }
    }

    /** The team's log format for a refused configuration (DESIGN.md, "Runtime and hot update"). */
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
        return state.get().newEngine(context);
    }

    @Override
    public StartTlsRule startTls(String peerDomain) {
        if (peerDomain != null
                && state.get().settings().plaintextDomains().contains(peerDomain.toLowerCase(Locale.ROOT))) {
            return StartTlsRule.PLAINTEXT_PERMITTED;
        }
        return StartTlsRule.REQUIRED;
    }

    @Override
    public PolicyVerdict review(SSLSession session, TlsContext context) {
        return SessionReview.review(session, state.get().settings().profileFor(context.peerDomain()));
    }

    @Override
    public PolicyDescription describe() {
        PolicySettings s = state.get().settings();
        Map<String, String> peers = new LinkedHashMap<>();
        s.peerProfiles().forEach((d, p) -> peers.put(d, p.name()));
        return new PolicyDescription(s.defaultProfile().name(), s.provider().providerName(),
                s.defaultProfile().protocols(), s.defaultProfile().cipherSuites(), peers,
                s.plaintextDomains().stream().sorted().toList());
    }
}
