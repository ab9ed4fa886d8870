package dev.portcullis.dialback;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the raw {@code dev.portcullis.dialback} properties (strings from a {@code .cfg} file, or typed values
 * from the Web Console) into {@link DialbackSettings}, collecting every refused value instead of stopping
 * at the first, so one edit can fix them all.
 */
final class SettingsParser {

    static final String MODE = "mode";
    static final String SECRET = "secret";
    static final String SECRET_PREVIOUS = "secret.previous";
    static final String SECRET_PREVIOUS_GRACE = "secret.previous.grace";
    static final String VERIFY_TIMEOUT = "verify.timeout";
    static final String RESULT_LIMIT = "result.limit";
    static final String RESULT_WINDOW = "result.window";
    static final String REQUIRE_PROOF_DOMAINS = "require-proof-domains";
    static final String DIALBACK_DOMAINS = "dialback-domains";
    static final String HOSTED_DOMAINS = "hosted-domains";

    /** XEP-0185 §2 lets the admin choose the secret; below this length it could be guessed offline from one key. */
    static final int MIN_SECRET_LENGTH = 16;

    /** The outcome: settings when every value was accepted, otherwise the rejections. */
    record Parsed(DialbackSettings settings, List<ConfigRejection> rejections) {
        Parsed {
            rejections = List.copyOf(rejections);
        }

        boolean accepted() {
            return rejections.isEmpty();
        }
    }

    private final Map<String, ?> properties;
    private final List<ConfigRejection> rejections = new ArrayList<>();

    private SettingsParser(Map<String, ?> properties) {
        this.properties = properties;
    }

    static Parsed parse(Map<String, ?> properties) {
        return new SettingsParser(properties).run();
    }

    private Parsed run() {
        DialbackSettings d = DialbackSettings.DEFAULTS;
        Mode mode = d.mode();
        String modeValue = text(MODE);
        if (modeValue != null) {
            try {
                mode = Mode.parse(modeValue);
            } catch (IllegalArgumentException e) {
                reject(MODE, modeValue, e.getMessage());
            }
        }
        String secret = secret(SECRET);
        String previous = secret(SECRET_PREVIOUS);
        Duration grace = duration(SECRET_PREVIOUS_GRACE, d.previousGrace(), Duration.ZERO, Duration.ofDays(30));
        Duration timeout = duration(VERIFY_TIMEOUT, d.verifyTimeout(), Duration.ofSeconds(1), Duration.ofMinutes(5));
        int limit = integer(RESULT_LIMIT, d.resultLimit(), 1, 10_000);
        Duration window = duration(RESULT_WINDOW, d.resultWindow(), Duration.ofSeconds(1), Duration.ofHours(1));
        DomainList requireProof = domains(REQUIRE_PROOF_DOMAINS);
        DomainList dialback = domains(DIALBACK_DOMAINS);
        DomainList hosted = domains(HOSTED_DOMAINS);
        for (String entry : dialback.entries()) {
            if (requireProof.entries().contains(entry)) {
                reject(DIALBACK_DOMAINS, dialback.toString(), entry + " is also in " + REQUIRE_PROOF_DOMAINS
                        + "; a domain must be in one list or the other");
            }
        }
        if (!rejections.isEmpty()) {
            return new Parsed(null, rejections);
        }
        return new Parsed(new DialbackSettings(mode, secret, previous, grace, timeout, limit, window, requireProof,
                dialback, hosted), List.of());
    }

    private String text(String key) {
        Object value = properties.get(key);
        if (value instanceof String[] array) {
            value = array.length == 0 ? null : String.join(",", array);
        }
        if (value == null) {
            return null;
        }
        String s = String.valueOf(value).trim();
        return s.isEmpty() ? null : s;
    }

    private String secret(String key) {
        String value = text(key);
        if (value == null) {
            return null;
        }
        // The value itself never goes to the log.
        String shown = "(hidden, " + value.length() + " characters)";
        if (value.length() < MIN_SECRET_LENGTH) {
            reject(key, shown, "too short: use at least " + MIN_SECRET_LENGTH
                    + " characters, e.g. the output of `openssl rand -hex 32`, or leave it empty to use the generated secret");
        } else if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            reject(key, shown, "contains control characters; use printable characters only");
        } else {
            return value;
        }
        return null;
    }

    private Duration duration(String key, Duration fallback, Duration min, Duration max) {
        String value = text(key);
        if (value == null) {
            return fallback;
        }
        try {
            Duration parsed = Duration.parse(value);
            if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
                reject(key, value, "out of range: between " + min + " and " + max);
                return fallback;
            }
            return parsed;
        } catch (DateTimeParseException e) {
            reject(key, value, "not an ISO-8601 duration; write e.g. PT20S, PT5M or PT1H");
            return fallback;
        }
    }

    private int integer(String key, int fallback, int min, int max) {
        String value = text(key);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                reject(key, value, "out of range: between " + min + " and " + max);
                return fallback;
            }
            return parsed;
        } catch (NumberFormatException e) {
            reject(key, value, "not a whole number");
            return fallback;
        }
    }

    private DomainList domains(String key) {
        Object value = properties.get(key);
        try {
            return DomainList.parse(value);
        } catch (IllegalArgumentException e) {
            reject(key, String.valueOf(value instanceof String[] a ? String.join(",", a) : value), e.getMessage());
            return DomainList.EMPTY;
        }
    }

    private void reject(String key, String value, String reason) {
        rejections.add(new ConfigRejection(key, value, reason));
    }
}
