package dev.portcullis.tls;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A validated {@code dev.portcullis.tls} configuration.
 *
 * @param defaultProfile        the profile for peers without an override
 * @param provider              the JSSE provider in force (for {@code auto}: the one chosen)
 * @param peerProfiles          {@code peer.<domain>.profile} overrides, by lower-case domain
 * @param plaintextDomains      peers that may be reached without TLS (RFC 7590 §3.1, RFC 9325 §3.2)
 * @param sessionTimeoutSeconds bound on session (and ticket) lifetime for resumption (RFC 9325 §3.4)
 * @param providerFallback      with {@code provider = auto}: why Conscrypt is not used, else {@code null}
 */
record PolicySettings(Profile defaultProfile, JsseProvider provider, Map<String, Profile> peerProfiles,
                      Set<String> plaintextDomains, int sessionTimeoutSeconds, String providerFallback) {

    static final String PROFILE = "profile";
    static final String PROVIDER = "provider";
    static final String PROTOCOLS = "protocols";
    static final String CIPHER_SUITES = "cipher-suites";
    static final String STARTTLS = "starttls";
    static final String PLAINTEXT_DOMAINS = "plaintext-domains";
    static final String SESSION_TIMEOUT = "session-timeout";
    static final int DEFAULT_SESSION_TIMEOUT = 3600;
    /** One day: RFC 9325 §3.4 asks for ticket lifetimes well under the weekly key rotation it suggests. */
    static final int MAX_SESSION_TIMEOUT = 86_400;

    private static final Pattern DOMAIN = Pattern.compile(
            "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern PEER_KEY = Pattern.compile("peer\\.(.+)\\.profile");

    PolicySettings {
        peerProfiles = Map.copyOf(peerProfiles);
        plaintextDomains = Set.copyOf(plaintextDomains);
    }

    /**
     * Ticket-encryption keys live twice as long as a ticket may (RFC 9325 §3.4: "session ticket validity
     * ... half as long as ticket-encryption key validity"); then the SSLContext holding them is replaced.
     */
    java.time.Duration ticketKeyLifetime() {
        return java.time.Duration.ofSeconds(2L * sessionTimeoutSeconds);
    }

    /** What a provider can and cannot do in this JVM, for {@link #parse}. */
    interface ProviderSupport {
        /** The cipher suites the provider supports (IANA names). */
        Set<String> suites(JsseProvider kind);

        /** Why the provider cannot be used here, or empty. */
        default java.util.Optional<String> unavailable(JsseProvider kind) {
            return java.util.Optional.empty();
        }
    }

    /** The profile in force for a peer domain ({@code null}: not yet known, e.g. before the inbound header). */
    Profile profileFor(String peerDomain) {
        if (peerDomain == null) {
            return defaultProfile;
        }
        return peerProfiles.getOrDefault(peerDomain.toLowerCase(Locale.ROOT), defaultProfile);
    }

    /**
     * Parses and validates configuration properties (ConfigAdmin / FileInstall values are strings,
     * arrays or collections).
     *
     * {@code provider = auto} (the default) is Conscrypt where its native library loads and it can
     * honour every other setting; otherwise SunJSSE, and {@link #providerFallback()} says why. An explicit
     * provider that cannot honour a setting is refused with the reason, never silently weakened.
     *
     * @param support what each provider supports here (cipher suites, to catch typos and unimplemented suites)
     * @throws ConfigRejection naming the first bad key, its value and the clause it breaks
     */
    static PolicySettings parse(Map<String, ?> props, ProviderSupport support) throws ConfigRejection {
        // SunJSSE by default: Conscrypt lives in this bundle, and each update of the bundle loads its JNI library
        // again while the old copy's descriptors stay open (HotUpdateUnderLoadIT); README "TLS providers"
        String providerName = string(props, PROVIDER, JsseProvider.SUN_NAME);
        if (!providerName.equalsIgnoreCase(JsseProvider.AUTO)) {
            JsseProvider provider = JsseProvider.named(providerName).orElseThrow(() -> new ConfigRejection(PROVIDER,
                    providerName, "unknown JSSE provider; use sun (the default: the JDK's SunJSSE), auto (conscrypt where it "
                    + "loads, else sun), conscrypt (BoringSSL) or bc (Bouncy Castle BCJSSE)"));
            String why = support.unavailable(provider).orElse(null);
            if (why != null) {
                throw new ConfigRejection(PROVIDER, providerName, why + "; use provider = auto or sun");
            }
            return parse(props, provider, support, null);
        }
        String why = support.unavailable(JsseProvider.CONSCRYPT).orElse(null);
        if (why == null) {
            try {
                return parse(props, JsseProvider.CONSCRYPT, support, null);
            } catch (ConfigRejection onConscrypt) {
                PolicySettings sun = parse(props, JsseProvider.SUN, support, null);   // a rejection here is the file's
                why = "Conscrypt cannot honour " + onConscrypt.key() + " = " + onConscrypt.value() + " ("
                        + onConscrypt.reason() + ")";
                return sun.withFallback(why);
            }
        }
        return parse(props, JsseProvider.SUN, support, null).withFallback(why);
    }

    private PolicySettings withFallback(String why) {
        return new PolicySettings(defaultProfile, provider, peerProfiles, plaintextDomains, sessionTimeoutSeconds, why);
    }

    private static PolicySettings parse(Map<String, ?> props, JsseProvider provider, ProviderSupport support,
                                        String fallback) throws ConfigRejection {
        Function<JsseProvider, Set<String>> supportedSuites = support::suites;
        String profileName = string(props, PROFILE, "rfc9325");
        Profile base = Profile.named(profileName).orElseThrow(() -> new ConfigRejection(PROFILE, profileName,
                "unknown profile; use rfc9325 (the default, RFC 9325), rfc7525 (RFC 7525 §4.2) or tls13 (TLS 1.3 only)"));

        List<String> protocols = list(props, PROTOCOLS);
        for (String p : protocols) {
            String why = ForbiddenAlgorithms.protocol(p).orElse(null);
            if (why != null) {
                throw new ConfigRejection(PROTOCOLS, String.join(",", protocols), p + ": " + why);
            }
        }
        List<String> suites = list(props, CIPHER_SUITES);
        Set<String> supported = suites.isEmpty() ? Set.of() : supportedSuites.apply(provider);
        for (String s : suites) {
            String why = ForbiddenAlgorithms.cipherSuite(s).orElse(null);
            if (why != null) {
                throw new ConfigRejection(CIPHER_SUITES, String.join(",", suites), s + ": " + why);
            }
            if (!supported.contains(s)) {
                throw new ConfigRejection(CIPHER_SUITES, String.join(",", suites), s + ": not a cipher suite "
                        + provider.providerName() + " supports; use IANA names such as TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
            }
        }
        Profile chosen = protocols.isEmpty() && suites.isEmpty() ? base : base.customised(protocols, suites);
        checkEveryProtocolHasASuite(chosen, !suites.isEmpty());
        if (provider == JsseProvider.CONSCRYPT && chosen.protocols().contains(Profile.TLS13)
                && !chosen.cipherSuites().containsAll(Profile.TLS13_SUITES)) {
            throw new ConfigRejection(CIPHER_SUITES, String.join(",", suites), "Conscrypt (BoringSSL) always enables "
                    + "all three TLS 1.3 suites (" + String.join(", ", Profile.TLS13_SUITES) + ") in its own order and "
                    + "cannot leave one out; list all three, or use provider = sun or bc");
        }
        checkProviderSupports(provider, PROFILE, profileName, base, supportedSuites);

        String starttls = string(props, STARTTLS, "required");
        if (!starttls.trim().equalsIgnoreCase("required")) {
            throw new ConfigRejection(STARTTLS, starttls, "only 'required' is allowed: administrators must forbid "
                    + "plaintext s2s (RFC 9325 §3.2, RFC 7590 §3.1); name the few peers that may use plaintext in "
                    + PLAINTEXT_DOMAINS);
        }
        Set<String> plaintext = new LinkedHashSet<>();
        for (String d : list(props, PLAINTEXT_DOMAINS)) {
            plaintext.add(domain(PLAINTEXT_DOMAINS, d));
        }

        int timeout = sessionTimeout(props);

        Map<String, Profile> peers = new TreeMap<>();
        for (String key : new TreeMap<>(props).keySet()) {
            if (!key.startsWith("peer.")) {
                continue;
            }
            var m = PEER_KEY.matcher(key);
            if (!m.matches()) {
                throw new ConfigRejection(key, props.get(key),
                        "unknown key; per-peer overrides are written peer.<domain>.profile = rfc9325 | rfc7525 | tls13");
            }
            String peer = domain(key, m.group(1));
            String value = String.valueOf(props.get(key)).trim();
            Profile p = Profile.named(value).orElseThrow(() -> new ConfigRejection(key, value,
                    "unknown profile; use rfc9325, rfc7525 or tls13"));
            checkProviderSupports(provider, key, value, p, supportedSuites);
            peers.put(peer, p);
        }
        return new PolicySettings(chosen, provider, peers, plaintext, timeout, fallback);
    }

    /**
     * A built-in profile whose suites the provider does not all implement (Conscrypt has no TLS_DHE_* suite)
     * would silently lose part of what it promises a peer: refused, naming the suites.
     */
    private static void checkProviderSupports(JsseProvider provider, String key, String value, Profile p,
                                              Function<JsseProvider, Set<String>> supportedSuites) throws ConfigRejection {
        Set<String> supported = supportedSuites.apply(provider);
        List<String> missing = p.cipherSuites().stream().filter(s -> !supported.contains(s)).toList();
        if (!missing.isEmpty()) {
            throw new ConfigRejection(key, value, "profile " + p.name() + " needs " + String.join(", ", missing)
                    + ", which " + provider.providerName() + " does not implement; use provider = sun or bc for it");
        }
    }

    private static void checkEveryProtocolHasASuite(Profile p, boolean suitesCustom) throws ConfigRejection {
        for (String protocol : p.protocols()) {
            boolean tls13 = protocol.equals(Profile.TLS13);
            boolean any = p.cipherSuites().stream().anyMatch(s -> ForbiddenAlgorithms.isTls13Suite(s) == tls13);
            if (!any) {
                String key = suitesCustom ? CIPHER_SUITES : PROTOCOLS;
                String value = String.join(",", suitesCustom ? p.cipherSuites() : p.protocols());
                throw new ConfigRejection(key, value, protocol + " is enabled but no " + protocol
                        + " cipher suite is (RFC 8446 §9.1 for TLS 1.3 suites, RFC 9325 §4.2 for TLS 1.2 ones)");
            }
        }
    }

    private static int sessionTimeout(Map<String, ?> props) throws ConfigRejection {
        Object raw = props.get(SESSION_TIMEOUT);
        if (raw == null) {
            return DEFAULT_SESSION_TIMEOUT;
        }
        long t;
        try {
            t = raw instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(raw).trim());
        } catch (NumberFormatException e) {
            throw new ConfigRejection(SESSION_TIMEOUT, raw, "not a number of seconds");
        }
        if (t < 1 || t > MAX_SESSION_TIMEOUT) {
            throw new ConfigRejection(SESSION_TIMEOUT, raw, "must be between 1 and " + MAX_SESSION_TIMEOUT
                    + " seconds: resumption state must have a bounded lifetime (RFC 9325 §3.4; 0 would mean unlimited)");
        }
        return (int) t;
    }

    private static String domain(String key, String value) throws ConfigRejection {
        String d = value.trim().toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.length() > 253 || !DOMAIN.matcher(d).matches()) {
            throw new ConfigRejection(key, value, "not a domain name (RFC 7622 §3.2: e.g. example.org, no wildcards)");
        }
        return d;
    }

    private static String string(Map<String, ?> props, String key, String def) {
        Object v = props.get(key);
        if (v == null || String.valueOf(v).isBlank()) {
            return def;
        }
        return String.valueOf(v).trim();
    }

    private static final Set<String> KEYS = Set.of(PROFILE, PROVIDER, PROTOCOLS, CIPHER_SUITES, STARTTLS,
            PLAINTEXT_DOMAINS, SESSION_TIMEOUT);

    /** Keys this policy does not know (typos, most likely), leaving out the framework's own properties. */
    static List<String> unknownKeys(Map<String, ?> props) {
        return props.keySet().stream()
                .filter(k -> !KEYS.contains(k) && !k.startsWith("peer.") && !k.startsWith("service.")
                        && !k.startsWith("component.") && !k.startsWith("felix.") && !k.startsWith("osgi.")
                        && !k.equals("objectClass"))
                .sorted().toList();
    }

    /** A comma-separated string, an array or a collection, as FileInstall and ConfigAdmin deliver them. */
    static List<String> list(Map<String, ?> props, String key) {
        Object v = props.get(key);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v instanceof Collection<?> c) {
            c.forEach(e -> split(String.valueOf(e), out));
        } else if (v.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(v); i++) {
                split(String.valueOf(Array.get(v, i)), out);
            }
        } else {
            split(String.valueOf(v), out);
        }
        return out;
    }

    private static void split(String s, List<String> out) {
        for (String part : s.split("[,\\s]+")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
    }
}
