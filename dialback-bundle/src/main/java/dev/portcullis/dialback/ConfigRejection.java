package dev.portcullis.dialback;

import java.util.Objects;

/**
 * One configuration value refused, with the team's log format so an administrator finds the file, the key
 * and what to write instead.
 *
 * @param key    the configuration key
 * @param value  the value as shown in the log (secrets are never shown)
 * @param reason what is wrong and what is accepted
 */
record ConfigRejection(String key, String value, String reason) {

    ConfigRejection {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@code Rejected configuration <pid> from <file>: <key> = <value>: <reason>; the previous configuration stays in force}. */
    String logLine(String pid, String file) {
        return "Rejected configuration " + pid + " from " + file + ": " + key + " = " + value + ": " + reason
                + "; the previous configuration stays in force";
    }
}
