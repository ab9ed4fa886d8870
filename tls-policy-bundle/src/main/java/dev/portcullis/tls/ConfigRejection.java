package dev.portcullis.tls;

/**
 * One configuration value the policy refuses. The component logs it in the team's format and keeps the
 * previous configuration in force.
 */
final class ConfigRejection extends Exception {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String value;
    private final String reason;

    ConfigRejection(String key, Object value, String reason) {
        super(key + " = " + value + ": " + reason);
        this.key = key;
        this.value = String.valueOf(value);
        this.reason = reason;
    }

    String key() {
        return key;
    }

    String value() {
        return value;
    }

    String reason() {
        return reason;
    }
}
