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
 * @param provider              SunJSSE or BCJSSE
 * @param peerProfiles          {@code peer.<domain>.profile} overrides, by lower-case domain
 * @param plaintextDomains      peers that may be reached without TLS (RFC 7590 §3.1, RFC 9325 §3.2)
 * @param sessionTimeoutSeconds bound on session (and ticket) lifetime for resumption (RFC 9325 §3.4)
 */
record PolicySettings(Profile defaultProfile, JsseProvider provider, Map<String, Profile> peerProfiles,
                      Set<String> plaintextDomains, int sessionTimeoutSeconds) {

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

    /** The built-in defaults: rfc9325 on SunJSSE, STARTTLS required for everyone. */
    static PolicySettings defaults() {
        return new PolicySettings(Profile.RFC9325, JsseProvider.SUN, Map.of(), Set.of(), DEFAULT_SESSION_TIMEOUT);
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
     * @param supportedSuites the suites each provider supports, to catch typos in {@code cipher-suites}
     * @throws ConfigRejection naming the first bad key, its value and the clause it breaks
     */
    static PolicySettings parse(Map<String, ?> props, Function<JsseProvider, Set<String>> supportedSuites)
            throws ConfigRejection {
        String profileName = string(props, PROFILE, "rfc9325");
        Profile base = Profile.named(profileName).orElseThrow(() -> new ConfigRejection(PROFILE, profileName,
                "unknown profile; use rfc9325 (the default, RFC 9325), rfc7525 (RFC 7525 §4.2) or tls13 (TLS 1.3 only)"));

        String providerName = string(props, PROVIDER, "sun");
        JsseProvider provider = JsseProvider.named(providerName).orElseThrow(() -> new ConfigRejection(PROVIDER,
                providerName, "unknown JSSE provider; use sun (SunJSSE, the default) or bc (Bouncy Castle BCJSSE)"));

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
            peers.put(peer, p);
        }
        return new PolicySettings(chosen, provider, peers, plaintext, timeout);
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
