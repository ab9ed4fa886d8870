package dev.portcullis.it.runtime.probe;

import java.util.Map;

/**
 * The probe's configuration, validated the way every Portcullis component validates its own: a value that
 * does not pass names its key, its value and the reason, and the component keeps its previous settings.
 *
 * @param greeting any text
 * @param limit    a whole number from 1 to 100
 */
record ProbeSettings(String greeting, int limit) {

    static final ProbeSettings DEFAULTS = new ProbeSettings("hello", 10);

    ProbeSettings {
        if (limit < 1 || limit > 100) {
            throw new InvalidValue("limit", String.valueOf(limit), "must be between 1 and 100");
        }
    }

    static ProbeSettings from(Map<String, ?> properties) {
        Object g = properties.get("greeting");
        Object l = properties.get("limit");
        int limit = DEFAULTS.limit();
        if (l != null) {
            try {
                limit = Integer.parseInt(l.toString().trim());
            } catch (NumberFormatException e) {
                throw new InvalidValue("limit", l.toString(), "not a whole number");
            }
        }
        return new ProbeSettings(g == null ? DEFAULTS.greeting() : g.toString(), limit);
    }

    /** A rejected value: which key, what value, why. */
    static final class InvalidValue extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        final String key;
        final String value;
        final String reason;

        InvalidValue(String key, String value, String reason) {
            super(key + " = " + value + ": " + reason);
            this.key = key;
            this.value = value;
            this.reason = reason;
        }
    }
}
