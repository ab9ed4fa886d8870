package dev.portcullis.server;

import dev.portcullis.api.event.PortcullisEvents;
import dev.portcullis.api.stream.LocalCertificate;
import dev.portcullis.api.tls.LocalIdentity;
import dev.portcullis.dna.core.fingerprint.Fingerprints;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One local domain from an {@code etc/dev.portcullis.domain-<name>.cfg} file: its name, certificate chain
 * and key (RFC 6120 §13.7.1). A bad file is rejected and the identity loaded before stays in force. A renewed
 * certificate and key (files replaced, or certbot's {@code live/} symlinks switched) are loaded at the next
 * check without a restart, and the certificate's expiry is announced 30, 7 and 1 days ahead.
 * Public because Declarative Services instantiates it; the package is private to the bundle.
 */
@Component(configurationPid = DomainConfig.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = LocalDomain.class)
@Designate(ocd = DomainConfig.class, factory = true)
public final class LocalDomain {
    private static final Logger LOG = LoggerFactory.getLogger(LocalDomain.class);
    static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(60);

    private final AtomicReference<LocalIdentity> identity = new AtomicReference<>();
    private final Clock clock;
    /** What the identity in force was loaded from, for the renewal check and the expiry warning. */
    private volatile Source source;
    /** Files whose contents were tried and refused, so a bad renewal is reported once, not at every check. */
    private volatile String refusedStamp;
    private volatile Instant loadedAt;
    private volatile ExpiryWarning expiry = ExpiryWarning.NONE;
    private volatile Duration checkInterval = DEFAULT_CHECK_INTERVAL;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> checks;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    /** The configuration an identity came from: its properties (to load again on renewal), files and their stamp. */
    private record Source(Map<String, Object> properties, CertificateFiles files, String stamp, String certificateFile,
                          Object configFile) {
    }

    /** For Declarative Services: {@link #activate} loads the configuration once the references are bound. */
    public LocalDomain() {
        this.clock = Clock.systemUTC();
    }

    LocalDomain(Map<String, Object> properties) {
        this(properties, Clock.systemUTC());
    }

    /** For tests: no scheduler; the test calls {@link #check()} after moving the clock. */
    LocalDomain(Map<String, Object> properties, Clock clock) {
        this.clock = clock;
        apply(properties);
    }

    @Activate
    void activate(Map<String, Object> properties) {
        apply(properties);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "portcullis-certificate-check");
            t.setDaemon(true);
            return t;
        });
        schedule();
    }

    @Modified
    void modified(Map<String, Object> properties) {
        apply(properties);
        schedule();
    }

    @Deactivate
    void deactivate() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        LocalIdentity old = identity.getAndSet(null);
        if (old != null) {
            LOG.info("No longer serving domain {} (its configuration was removed)", old.domain());
        }
    }

    /** For tests: the EventAdmin DS would bind. */
    void bindEventAdmin(EventAdmin admin) {
        this.eventAdmin = admin;
    }

    private synchronized void schedule() {
        if (scheduler == null) {
            return;
        }
        if (checks != null) {
            checks.cancel(false);
        }
        long millis = checkInterval.toMillis();
        checks = scheduler.scheduleWithFixedDelay(() -> {
            try {
                check();
            } catch (RuntimeException e) {
                LOG.error("Checking the certificate files of a local domain failed unexpectedly; checking again in {} s",
                        checkInterval.toSeconds(), e);
            }
        }, 0, millis, TimeUnit.MILLISECONDS);
    }

    /** The domain's identity, or empty while its configuration has never been valid. */
    Optional<LocalIdentity> identity() {
        return Optional.ofNullable(identity.get());
    }

    /** The certificate in force and its expiry state, for the console and metrics; empty before one loaded. */
    Optional<LocalCertificate> status() {
        LocalIdentity id = identity.get();
        Source src = source;
        if (id == null || src == null) {
            return Optional.empty();
        }
        X509Certificate ee = id.chain().get(0);
        return Optional.of(new LocalCertificate(id.domain(), src.certificateFile(), ee.getSubjectX500Principal().getName(),
                Fingerprints.certificate(ee), ee.getNotAfter().toInstant(), expiry.warnedDays(), loadedAt));
    }

    private synchronized void apply(Map<String, Object> properties) {
        Object file = properties.get("felix.fileinstall.filename");
        try {
            Duration interval = checkInterval(properties);
            CertificateFiles files = new CertificateFiles(Path.of(String.valueOf(properties.get("certificate")).strip()),
                    Path.of(String.valueOf(properties.get("key")).strip()));
            String stamp = files.stamp(); // before loading: a renewal racing this load is loaded again at the next check
            LocalIdentity loaded = load(properties, clock.instant());
            checkInterval = interval;
            source = new Source(Map.copyOf(properties), files, stamp, files.certificate().toString(), file);
            refusedStamp = null;
            loadedAt = clock.instant();
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

    private static Duration checkInterval(Map<String, ?> properties) throws ConfigRejected {
        Object v = properties.get("certificate.check.interval");
        if (v == null || v.toString().isBlank()) {
            return DEFAULT_CHECK_INTERVAL;
        }
        try {
            long seconds = Long.parseLong(v.toString().strip());
            if (seconds >= 1 && seconds <= 86_400) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigRejected("certificate.check.interval", v, "must be a whole number of seconds from 1 to 86400 "
                + "(a day), e.g. 60");
    }

    /**
     * The periodic check (every {@code certificate.check.interval}, at least daily): loads a renewed certificate
     * and key, then warns if the certificate in force is close to expiry.
     */
    synchronized void check() {
        Instant now = clock.instant();
        reloadIfRenewed(now);
        checkExpiry(now);
    }

    /**
     * Loads the certificate and key again when the bytes behind their paths changed (a renewal). New handshakes
     * use the new identity (the TLS policy reads the identities per handshake); established streams keep the
     * TLS session they negotiated. A renewal that does not load (a key that does not match yet, a damaged
     * file) leaves the identity in force and is reported once per content.
     */
    synchronized Optional<String> reloadIfRenewed(Instant now) {
        Source src = source;
        LocalIdentity current = identity.get();
        if (src == null || current == null) {
            return Optional.empty();
        }
        String stamp = src.files().stamp();
        if (stamp == null || stamp.equals(src.stamp()) || stamp.equals(refusedStamp)) {
            return Optional.empty();
        }
        LocalIdentity next;
        try {
            next = load(src.properties(), now);
        } catch (ConfigRejected e) {
            refusedStamp = stamp;
            String line = "The certificate files of local domain " + current.domain() + " changed but were not "
                    + "loaded: " + e.getMessage() + ". Peers are still shown the certificate "
                    + "loaded before (SHA-256 " + Fingerprints.certificate(current.chain().get(0)) + ", valid until "
                    + current.chain().get(0).getNotAfter().toInstant() + "); fix the files and they load at the next "
                    + "check (within " + checkInterval.toSeconds() + " s)";
            LOG.warn(line);
            return Optional.of(line);
        }
        source = new Source(src.properties(), src.files(), stamp, src.certificateFile(), src.configFile());
        refusedStamp = null;
        X509Certificate before = current.chain().get(0);
        X509Certificate after = next.chain().get(0);
        if (before.equals(after) && current.key().equals(next.key())) {
            return Optional.empty(); // same certificate and key, written again
        }
        identity.set(next);
        loadedAt = now;
        expiry = ExpiryWarning.NONE;
        String line = "Loaded the renewed certificate of local domain " + next.domain() + " from "
                + CertificateFiles.resolved(src.files().certificate()) + " (SHA-256 " + Fingerprints.certificate(after)
                + ", valid until " + after.getNotAfter().toInstant() + ", replacing SHA-256 "
                + Fingerprints.certificate(before) + " valid until " + before.getNotAfter().toInstant()
                + "): new handshakes present it; established streams keep the TLS session they negotiated";
        LOG.info(line);
        Map<String, Object> props = new HashMap<>();
        props.put(PortcullisEvents.PROP_DOMAIN, next.domain());
        props.put(PortcullisEvents.PROP_FILE, src.certificateFile());
        props.put(PortcullisEvents.PROP_FINGERPRINT, Fingerprints.certificate(after));
        props.put(PortcullisEvents.PROP_PREVIOUS_FINGERPRINT, Fingerprints.certificate(before));
        props.put(PortcullisEvents.PROP_NOT_AFTER, after.getNotAfter().getTime());
        post(PortcullisEvents.CERTIFICATE_RELOADED, props);
        return Optional.of(line);
    }

    /**
     * Warns 30, 7 and 1 days before the certificate in force expires (each once, again for a renewed
     * certificate): a log line naming the domain, the file and the remedy, and a
     * {@link PortcullisEvents#CERTIFICATE_EXPIRING} event. Returns the line logged, if any.
     */
    synchronized Optional<String> checkExpiry(Instant now) {
        LocalIdentity id = identity.get();
        Source src = source;
        if (id == null || src == null) {
            return Optional.empty();
        }
        Instant notAfter = id.chain().get(0).getNotAfter().toInstant();
        Optional<Integer> due = expiry.due(now, notAfter);
        if (due.isEmpty()) {
            return Optional.empty();
        }
        expiry = new ExpiryWarning(due.get());
        long hours = Math.max(0, Duration.between(now, notAfter).toHours());
        String left = hours >= 48 ? (hours / 24) + " days" : hours + " hours";
        String line = "The certificate of local domain " + id.domain() + " (" + src.certificateFile() + ") expires in " + left
                + ", on " + notAfter + " (warning " + due.get() + " day(s) ahead): renew it and write the new chain "
                + "to that file, or point 'certificate' and 'key' in " + (src.configFile() == null ? "its configuration"
                : src.configFile()) + " at the new files; it applies without a restart. Peers refuse an expired "
                + "certificate (RFC 6120 §13.7.2)";
        LOG.warn(line);
        Map<String, Object> props = new HashMap<>();
        props.put(PortcullisEvents.PROP_DOMAIN, id.domain());
        props.put(PortcullisEvents.PROP_FILE, src.certificateFile());
        props.put(PortcullisEvents.PROP_NOT_AFTER, notAfter.toEpochMilli());
        props.put(PortcullisEvents.PROP_DAYS, due.get());
        props.put(PortcullisEvents.PROP_FINGERPRINT, Fingerprints.certificate(id.chain().get(0)));
        post(PortcullisEvents.CERTIFICATE_EXPIRING, props);
        return Optional.of(line);
    }

    private void post(String topic, Map<String, Object> properties) {
        EventAdmin admin = eventAdmin;
        if (admin != null) {
            try {
                admin.postEvent(new Event(topic, properties));
            } catch (RuntimeException e) {
                LOG.debug("cannot post {}", topic, e); // EventAdmin stopping
            }
        }
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
