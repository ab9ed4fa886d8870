package dev.portcullis.server;

/**
 * A configuration value that cannot be used. The message names the key, the value and the reason, so the
 * team's log line "Rejected configuration &lt;pid&gt; from &lt;file&gt;: &lt;key&gt; = &lt;value&gt;: &lt;reason&gt;;
 * the previous configuration stays in force" tells the administrator what to fix.
 */
final class ConfigRejected extends Exception {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String value;
    private final String reason;

    ConfigRejected(String key, Object value, String reason) {
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

    /**
     * The log line when there is no previous configuration: the component fails closed, never falling back to
     * built-in defaults that might listen or trust wider than the file asked.
     */
    String refusedAtStartLine(String pid, Object file) {
        String where = file == null ? "(no file)" : file.toString();
        return "Rejected configuration " + pid + " from " + where + ": " + key + " = " + value + ": " + reason
                + "; there is no valid configuration yet, so the s2s server does not start and does not listen. "
                + "Correct '" + key + "' in " + where + "; the server starts as soon as the file is saved";
    }

    /** The log line of the team's format. */
    String logLine(String pid, Object file) {
        return "Rejected configuration " + pid + " from " + (file == null ? "(no file)" : file) + ": " + key + " = "
                + value + ": " + reason + "; the previous configuration stays in force";
    }
}
