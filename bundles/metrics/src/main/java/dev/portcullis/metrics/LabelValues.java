package dev.portcullis.metrics;

import dev.portcullis.api.Direction;
import dev.portcullis.api.stream.AuthMethod;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Bounds every label value: peers control event text (reasons, domains), so a label is either one of a
 * known set or an RFC/XEP clause of a fixed shape, and otherwise "other". This keeps label cardinality
 * bounded and keeps peer-controlled text out of the scrape.
 */
final class LabelValues {

    static final String OTHER = "other";
    /** The api enums the host posts by name ({@code INBOUND}, {@code SASL_EXTERNAL}), as lower-case labels. */
    private static final Set<String> DIRECTIONS = names(Direction.values());
    private static final Set<String> METHODS = names(AuthMethod.values());
    /** "RFC 6120 §4.9.3.13", "XEP-0220 §2.2": the clause the refusal names, never free text. */
    private static final Set<String> PROOFTYPES = Set.of("pkix", "dane", "posh");
    private static final Set<String> DNSSEC = names(dev.portcullis.api.dna.DnssecStatus.values());
    private static final Set<String> OUTCOMES = Set.of("verified", "unverified", "rejected", "error");
    private static final Set<String> ROLES = Set.of("receiving", "authoritative");
    private static final Set<String> DIALBACK_RESULTS = names(dev.portcullis.api.dialback.DialbackResultType.values());
    /** Our own domains, from our configuration (RFC 7622 §3.2 LDH labels): bounded by what the admin configured. */
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern TLS = Pattern.compile("TLSv1(\\.[0-3])?");
    private static final Pattern CLAUSE = Pattern.compile("(RFC \\d{3,5}|XEP-\\d{4})( §\\d{1,2}(\\.\\d{1,2}){0,4})?");

    private LabelValues() {
    }

    static String direction(Object value) {
        return oneOf(DIRECTIONS, value);
    }

    static String method(Object value) {
        return oneOf(METHODS, value);
    }

    /** The prooftype that proved the peer's certificate (RFC 7712), "none" when none did. */
    static String prooftype(String value) {
        return value == null ? "none" : oneOf(PROOFTYPES, value);
    }

    /** The negotiated TLS protocol as JSSE names it, "none" on a plaintext stream. */
    static String tls(boolean encrypted, String protocol) {
        if (!encrypted || protocol == null) {
            return "none";
        }
        return TLS.matcher(protocol).matches() ? protocol : OTHER;
    }

    static String dnssec(Object value) {
        return oneOf(DNSSEC, value);
    }

    /** A verification outcome ({@code VERIFIED}, {@code UNVERIFIED}, {@code REJECTED}, {@code ERROR}). */
    static String outcome(Object value) {
        return oneOf(OUTCOMES, value);
    }

    static String role(Object value) {
        return oneOf(ROLES, value);
    }

    static String dialbackResult(Object value) {
        return oneOf(DIALBACK_RESULTS, value);
    }

    /** One of our local domains (never a peer's: peers control theirs). */
    static String localDomain(String value) {
        return value != null && DOMAIN.matcher(value).matches() ? value : OTHER;
    }

    static String clause(Object value) {
        return value instanceof String s && CLAUSE.matcher(s).matches() ? s : OTHER;
    }

    private static Set<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    private static String oneOf(Set<String> known, Object value) {
        if (value instanceof String s) {
            String lower = s.toLowerCase(Locale.ROOT);
            if (known.contains(lower)) {
                return lower;
            }
        }
        return OTHER;
    }
}
