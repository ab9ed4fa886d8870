package dev.portcullis.dna;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The checked form of configuration {@value #PID} ({@link DnaConfig}). Every value is validated here, so
 * the components only ever see a coherent configuration; {@link #parse} throws {@link Rejected} naming
 * the key, the value and why.
 */
public record DnaSettings(List<String> prooftypes, List<InetSocketAddress> dnsServers, Path trustAnchors,
                          Duration dnsTimeout, Duration dnsCacheMaxTtl, Duration verifyTimeout,
                          boolean pkixSystemTrust, List<Path> pkixTrustFiles, RevocationPolicy revocation,
                          Duration revocationTimeout, int poshMaxBytes, Duration poshTimeout,
                          Duration poshMaxCache, CertificateChangePolicy onCertificateChange,
                          int poshHttpsPort) {

    public static final String PID = "dev.portcullis.dna";
    /** Set by Felix FileInstall on configurations it read from a file. */
    public static final String FILE_PROPERTY = "felix.fileinstall.filename";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    /** What to do when a known peer presents a certificate over a new key (RFC 7590 §3.6). */
    public enum CertificateChangePolicy {
        WARN, REQUIRE_PROOF
    }

    /**
     * How peer certificates' revocation status is checked (RFC 5280 §6.3, RFC 6960, RFC 6120 §13.7.2 step 5).
     * A stapled OCSP response is honoured under every policy, and a certificate found revoked is always refused.
     */
    public enum RevocationPolicy {
        /** Only stapled OCSP responses are consulted; nothing is fetched. */
        OFF,
        /** OCSP, then the CRL, are fetched; a status that cannot be obtained is accepted with a WARN. */
        SOFT_FAIL,
        /** As soft-fail, but a status that cannot be obtained refuses the certificate. */
        HARD_FAIL
    }

    public DnaSettings {
        prooftypes = List.copyOf(prooftypes);
        dnsServers = List.copyOf(dnsServers);
        pkixTrustFiles = List.copyOf(pkixTrustFiles);
        Objects.requireNonNull(onCertificateChange, "onCertificateChange");
        Objects.requireNonNull(revocation, "revocation");
    }

    /** The configuration in force when no file sets anything. */
    public static DnaSettings defaults() {
        try {
            return parse(Map.of());
        } catch (Rejected e) {
            throw new IllegalStateException("built-in defaults are invalid", e);
        }
    }

    /** Parses a ConfigAdmin dictionary; absent keys take their defaults. */
    public static DnaSettings parse(Map<String, ?> p) throws Rejected {
        List<String> prooftypes = list(p, "prooftypes", "pkix,dane,posh");
        if (prooftypes.isEmpty()) {
            throw new Rejected("prooftypes", "", "name at least one prooftype, e.g. pkix,dane,posh");
        }
        for (String name : prooftypes) {
            if (!NAME.matcher(name).matches()) {
                throw new Rejected("prooftypes", String.join(",", prooftypes),
                        "'" + name + "' is not a prooftype name (lower-case letters, digits, '.', '_' or '-')");
            }
        }
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String s : list(p, "dns.servers", "")) {
            servers.add(server(s));
        }
        String anchors = string(p, "dns.trust-anchors", "");
        Path trustAnchors = null;
        if (!anchors.isBlank()) {
            trustAnchors = Path.of(anchors.trim());
            if (!Files.isReadable(trustAnchors)) {
                throw new Rejected("dns.trust-anchors", anchors, "the file cannot be read; give a readable file of "
                        + "DS or DNSKEY records, or leave it empty for the IANA root anchors");
            }
        }
        List<Path> trustFiles = new ArrayList<>();
        for (String f : list(p, "pkix.trust-files", "")) {
            Path file = Path.of(f);
            if (!Files.isReadable(file)) {
                throw new Rejected("pkix.trust-files", f, "the file cannot be read; give PEM CA certificate files");
            }
            trustFiles.add(file);
        }
        String change = string(p, "on-certificate-change", "warn").trim().toLowerCase(Locale.ROOT);
        CertificateChangePolicy policy = switch (change) {
            case "warn" -> CertificateChangePolicy.WARN;
            case "require-proof" -> CertificateChangePolicy.REQUIRE_PROOF;
            default -> throw new Rejected("on-certificate-change", change, "use warn or require-proof");
        };
        RevocationPolicy revocation = revocation(p);
        Duration verifyTimeout = millis(p, "verify.timeout-ms", 15000, 100, 300_000);
        Duration revocationTimeout = millis(p, "pkix.revocation.timeout-ms", 5000, 100, 60_000);
        return new DnaSettings(prooftypes, servers, trustAnchors,
                millis(p, "dns.timeout-ms", 5000, 100, 60_000),
                Duration.ofSeconds(integer(p, "dns.cache.max-ttl", 3600, 0, 604_800)),
                verifyTimeout,
                bool(p, "pkix.system-trust", true), trustFiles,
                revocation, revocationTimeout,
                integer(p, "posh.max-bytes", 65536, 256, 16 * 1024 * 1024),
                millis(p, "posh.timeout-ms", 10000, 100, 300_000),
                Duration.ofSeconds(integer(p, "posh.max-cache", 86400, 0, 31 * 86400)),
                policy, integer(p, "posh.https-port", 443, 1, 65535));
    }

    /**
     * {@code pkix.revocation}; the keys it replaced ({@code pkix.revocation.fetch}, {@code .soft-fail}) still
     * mean what they meant, alone, so an old file keeps its behaviour; mixed with the new key they are refused.
     */
    private static RevocationPolicy revocation(Map<String, ?> p) throws Rejected {
        boolean legacy = p.containsKey("pkix.revocation.fetch") || p.containsKey("pkix.revocation.soft-fail");
        if (p.containsKey("pkix.revocation")) {
            if (legacy) {
                String key = p.containsKey("pkix.revocation.fetch") ? "pkix.revocation.fetch" : "pkix.revocation.soft-fail";
                throw new Rejected(key, string(p, key, ""), "replaced by pkix.revocation (soft-fail | hard-fail | off); "
                        + "remove this key");
            }
            String v = string(p, "pkix.revocation", "").trim().toLowerCase(Locale.ROOT);
            return switch (v) {
                case "soft-fail" -> RevocationPolicy.SOFT_FAIL;
                case "hard-fail" -> RevocationPolicy.HARD_FAIL;
                case "off" -> RevocationPolicy.OFF;
                default -> throw new Rejected("pkix.revocation", v, "use soft-fail (the default), hard-fail or off");
            };
        }
        if (!legacy) {
            return RevocationPolicy.SOFT_FAIL;
        }
        // deprecated keys: fetch=false meant "staples only", as off does now
        if (!bool(p, "pkix.revocation.fetch", false)) {
            bool(p, "pkix.revocation.soft-fail", false);
            return RevocationPolicy.OFF;
        }
        return bool(p, "pkix.revocation.soft-fail", false) ? RevocationPolicy.SOFT_FAIL : RevocationPolicy.HARD_FAIL;
    }

    /** Deprecated keys present in {@code p}, for a one-line notice naming their replacement. */
    public static List<String> deprecatedKeys(Map<String, ?> p) {
        return List.of("pkix.revocation.fetch", "pkix.revocation.soft-fail").stream().filter(p::containsKey).toList();
    }

    private static InetSocketAddress server(String s) throws Rejected {
        String host = s;
        int port = 53;
        try {
            if (s.startsWith("[")) {
                int end = s.indexOf(']');
                host = s.substring(1, end);
                if (end + 1 < s.length()) {
                    port = Integer.parseInt(s.substring(end + 2));
                }
            } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
                host = s.substring(0, s.indexOf(':'));
                port = Integer.parseInt(s.substring(s.indexOf(':') + 1));
            }
            if (port < 1 || port > 65535 || !host.matches("[0-9a-fA-F.:]+")) {
                throw new NumberFormatException();
            }
            // an IP literal: no lookup happens here, and a host name would need DNS to find DNS
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (RuntimeException | UnknownHostException e) {
            throw new Rejected("dns.servers", s, "give IP addresses, optionally with a port: 192.0.2.53, "
                    + "192.0.2.53:5353 or [2001:db8::53]:53");
        }
    }

    private static Object raw(Map<String, ?> p, String key) {
        Object v = p.get(key);
        if (v instanceof String[] a) {
            return String.join(",", a);
        }
        if (v instanceof Iterable<?> it) {
            List<String> parts = new ArrayList<>();
            it.forEach(o -> parts.add(String.valueOf(o)));
            return String.join(",", parts);
        }
        return v;
    }

    private static String string(Map<String, ?> p, String key, String dflt) {
        Object v = raw(p, key);
        return v == null ? dflt : v.toString();
    }

    private static List<String> list(Map<String, ?> p, String key, String dflt) {
        return Arrays.stream(string(p, key, dflt).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> key.equals("prooftypes") ? s.toLowerCase(Locale.ROOT) : s).toList();
    }

    private static int integer(Map<String, ?> p, String key, int dflt, int min, int max) throws Rejected {
        String v = string(p, key, Integer.toString(dflt)).trim();
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw new Rejected(key, v, "must be between " + min + " and " + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new Rejected(key, v, "must be a whole number between " + min + " and " + max);
        }
    }

    private static Duration millis(Map<String, ?> p, String key, int dflt, int min, int max) throws Rejected {
        return Duration.ofMillis(integer(p, key, dflt, min, max));
    }

    private static boolean bool(Map<String, ?> p, String key, boolean dflt) throws Rejected {
        String v = string(p, key, Boolean.toString(dflt)).trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new Rejected(key, v, "must be true or false");
        };
    }

    /** The file FileInstall read (a {@code file:} URI, shown as a path), or "ConfigAdmin". */
    static String source(Map<String, ?> properties) {
        Object file = properties.get(FILE_PROPERTY);
        if (file == null) {
            return "ConfigAdmin";
        }
        try {
            return Path.of(java.net.URI.create(file.toString())).toString();
        } catch (RuntimeException notAUri) {
            return file.toString();
        }
    }

    /** A configuration value that cannot be used; the message is the team's rejection log line. */
    public static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        private final String key;
        private final String value;
        private final String reason;

        public Rejected(String key, String value, String reason) {
            super(key + " = " + value + ": " + reason);
            this.key = key;
            this.value = value;
            this.reason = reason;
        }

        /** The administrator's log line, naming the file FileInstall read (or "ConfigAdmin"). */
        public String logLine(Map<String, ?> properties) {
            return "Rejected configuration " + PID + " from " + source(properties) + ": " + key
                    + " = " + value + ": " + reason + "; the previous configuration stays in force";
        }
    }
}
