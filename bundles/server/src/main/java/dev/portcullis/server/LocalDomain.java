package dev.portcullis.server;

import dev.portcullis.api.tls.LocalIdentity;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One local domain from an {@code etc/dev.portcullis.domain-<name>.cfg} file: its name, certificate chain
 * and key (RFC 6120 §13.7.1). A bad file is rejected and the identity loaded before stays in force.
 * Public because Declarative Services instantiates it; the package is private to the bundle.
 */
@Component(configurationPid = DomainConfig.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = LocalDomain.class)
@Designate(ocd = DomainConfig.class, factory = true)
public final class LocalDomain {
    private static final Logger LOG = LoggerFactory.getLogger(LocalDomain.class);

    private final AtomicReference<LocalIdentity> identity = new AtomicReference<>();
    private final Clock clock;
    /** Where the identity in force came from, for the expiry warning. */
    private volatile String certificateFile;
    private volatile Object configFile;
    private volatile ExpiryWarning expiry = ExpiryWarning.NONE;

    @Activate
    public LocalDomain(Map<String, Object> properties) {
        this(properties, Clock.systemUTC());
    }

    LocalDomain(Map<String, Object> properties, Clock clock) {
        this.clock = clock;
        apply(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        apply(properties);
    }

    @Deactivate
    void deactivate() {
        LocalIdentity old = identity.getAndSet(null);
        if (old != null) {
            LOG.info("No longer serving domain {} (its configuration was removed)", old.domain());
        }
    }

    /** The domain's identity, or empty while its configuration has never been valid. */
    Optional<LocalIdentity> identity() {
        return Optional.ofNullable(identity.get());
    }

    private void apply(Map<String, Object> properties) {
        Object file = properties.get("felix.fileinstall.filename");
        try {
            LocalIdentity loaded = load(properties, clock.instant());
            certificateFile = String.valueOf(properties.get("certificate")).strip();
            configFile = file;
            expiry = ExpiryWarning.NONE;
            LocalIdentity previous = identity.getAndSet(loaded);
            X509Certificate ee = loaded.chain().get(0);
            LOG.info("Serving domain {} with certificate {} (issuer {}, valid until {}){}", loaded.domain(),
                    ee.getSubjectX500Principal().getName(), ee.getIssuerX500Principal().getName(),
                    ee.getNotAfter().toInstant(), previous == null ? "" : ", replacing the one loaded before");
            checkExpiry(clock.instant());
        } catch (ConfigRejected e) {
            LOG.error(e.logLine(DomainConfig.FACTORY_PID, file));
        }
    }

    /**
     * Warns 30, 7 and 1 days before the certificate in force expires (each once); the server calls this
     * hourly. Returns the line logged, if any.
     */
    synchronized Optional<String> checkExpiry(Instant now) {
        LocalIdentity id = identity.get();
        if (id == null) {
            return Optional.empty();
        }
        Instant notAfter = id.chain().get(0).getNotAfter().toInstant();
        Optional<Integer> due = expiry.due(now, notAfter);
        if (due.isEmpty()) {
            return Optional.empty();
        }
        expiry = new ExpiryWarning(due.get());
        long hours = Math.max(0, java.time.Duration.between(now, notAfter).toHours());
        String left = hours >= 48 ? (hours / 24) + " days" : hours + " hours";
        String line = "The certificate of local domain " + id.domain() + " (" + certificateFile + ") expires in " + left
                + ", on " + notAfter + " (warning " + due.get() + " day(s) ahead): renew it and write the new chain "
                + "to that file, or point 'certificate' and 'key' in " + (configFile == null ? "its configuration"
                : configFile) + " at the new files; it applies without a restart. Peers refuse an expired "
                + "certificate (RFC 6120 §13.7.2)";
        LOG.warn(line);
        return Optional.of(line);
    }

    static LocalIdentity load(Map<String, ?> properties, Instant now) throws ConfigRejected {
        Object d = properties.get("domain");
        String domain = d == null ? "" : d.toString().strip().toLowerCase(Locale.ROOT);
        if (!Domains.isValid(domain)) {
            throw new ConfigRejected("domain", d, "not a valid XMPP domain name (RFC 7622 §3.2), e.g. example.org");
        }
        String certPath = string(properties, "certificate", domain);
        String keyPath = string(properties, "key", domain);
        List<X509Certificate> chain;
        try {
            chain = PemFiles.readChain(Path.of(certPath));
        } catch (IllegalArgumentException e) {
            throw new ConfigRejected("certificate", certPath, e.getMessage());
        }
        X509Certificate ee = chain.get(0);
        if (ee.getNotAfter().toInstant().isBefore(now)) {
            throw new ConfigRejected("certificate", certPath, "the certificate for " + domain + " expired on "
                    + ee.getNotAfter().toInstant() + "; peers will refuse it. Renew it");
        }
        PrivateKey key;
        try {
            key = PemFiles.readKey(Path.of(keyPath));
        } catch (IllegalArgumentException e) {
            throw new ConfigRejected("key", keyPath, e.getMessage());
        }
        if (!matches(key, ee)) {
            throw new ConfigRejected("key", keyPath, "this key does not belong to the certificate in " + certPath
                    + " (subject " + ee.getSubjectX500Principal().getName() + ")");
        }
        return new LocalIdentity(domain, key, chain);
    }

    private static String string(Map<String, ?> properties, String key, String domain) throws ConfigRejected {
        Object v = properties.get(key);
        if (v == null || v.toString().isBlank()) {
            throw new ConfigRejected(key, v, "missing: the path of the PEM " + key + " file for " + domain);
        }
        return v.toString().strip();
    }

    /** Signs a nonce with the key and verifies it with the certificate: the only algorithm-neutral check. */
    static boolean matches(PrivateKey key, X509Certificate certificate) {
        String alg = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (alg == null) {
            return false;
        }
        try {
            byte[] nonce = "portcullis key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            if (alg.equals("RSASSA-PSS")) {
                s.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            s.initSign(key);
            s.update(nonce);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            if (alg.equals("RSASSA-PSS")) {
                v.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            v.initVerify(certificate.getPublicKey());
            v.update(nonce);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
