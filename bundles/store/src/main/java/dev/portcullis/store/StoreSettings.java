package dev.portcullis.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated {@code dev.portcullis.store} configuration. {@code url} absent or empty means local files.
 *
 * @param url              {@code jdbc:postgresql://…}, or {@code null} for local files
 * @param user             the database user, or {@code null}
 * @param passwordFile     where the password is, or {@code null}
 * @param password         its first line, never logged
 * @param sslmode          the driver's sslmode, or {@code null} (the url's or the driver's default)
 * @param sslrootcert      the CA file, or {@code null}
 * @param node             this node's name, or {@code null} for the default
 * @param connectTimeout   bounded connection wait
 * @param statementTimeout bounded statement time
 * @param poolSize         pool connections
 */
record StoreSettings(String url, String user, Path passwordFile, String password, String sslmode, String sslrootcert,
                     String node, Duration connectTimeout, Duration statementTimeout, int poolSize) {
    static final String PID = "dev.portcullis.store";
    static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    private static final Duration MIN = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofMinutes(1);

    boolean shared() {
        return url != null;
    }

    /** One rejected value: key, value as given (never for secrets) and why. */
    record Rejection(String key, String value, String reason) {
        String logLine(String source) {
            return "Configuration " + PID + " (" + source + ") rejected: " + key + " = '" + value + "': " + reason;
        }
    }

    /** Thrown with every rejection of one configuration. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient List<Rejection> rejections;

        Rejected(List<Rejection> rejections) {
            super(rejections.toString(), null, false, false);
            this.rejections = List.copyOf(rejections);
        }

        List<Rejection> rejections() {
            return rejections;
        }
    }

    static StoreSettings parse(Map<String, ?> props) throws Rejected {
        List<Rejection> bad = new ArrayList<>();
        String url = text(props, "url");
        if (url != null && !url.startsWith("jdbc:postgresql://")) {
            bad.add(new Rejection("url", url, "must be a jdbc:postgresql://host:port/database URL (PostgreSQL is the "
                    + "only shared store), or empty for local files"));
        }
        if (url != null && url.matches("(?i).*[?&]password=.*")) {
            bad.add(new Rejection("url", url.replaceAll("(?i)password=[^&]*", "password=***"), "must not carry the "
                    + "password: put it in a file readable by the Portcullis user only and name it in password-file"));
        }
        String user = text(props, "user");
        Path pwFile = null;
        String password = null;
        String pw = text(props, "password-file");
        if (pw != null) {
            pwFile = Path.of(pw);
            try {
                List<String> lines = Files.readAllLines(pwFile);
                password = lines.isEmpty() ? "" : lines.get(0).strip();
                if (password.isEmpty()) {
                    bad.add(new Rejection("password-file", pw, "the file is empty; its first line is the password"));
                }
            } catch (IOException | SecurityException e) {
                bad.add(new Rejection("password-file", pw, "cannot be read (" + e.getClass().getSimpleName() + ": "
                        + e.getMessage() + "); make it readable by the Portcullis user"));
            }
        }
        String sslmode = text(props, "sslmode");
        if (sslmode != null && !SSL_MODES.contains(sslmode)) {
            bad.add(new Rejection("sslmode", sslmode, "must be one of " + new java.util.TreeSet<>(SSL_MODES)
                    + " (verify-full for production)"));
        }
        String root = text(props, "sslrootcert");
        if (root != null && !Files.isReadable(Path.of(root))) {
            bad.add(new Rejection("sslrootcert", root, "cannot be read"));
        }
        String node = text(props, "node");
        if (node != null && !node.matches("[A-Za-z0-9._:@-]{1,64}")) {
            bad.add(new Rejection("node", node, "1 to 64 letters, digits and . _ : @ -"));
        }
        Duration connect = duration(props, "connect.timeout", bad);
        Duration statement = duration(props, "statement.timeout", bad);
        int pool = 4;
        String poolText = text(props, "pool.size");
        if (poolText != null) {
            try {
                pool = Integer.parseInt(poolText);
                if (pool < 1 || pool > 32) {
                    bad.add(new Rejection("pool.size", poolText, "must be 1 to 32"));
                }
            } catch (NumberFormatException e) {
                bad.add(new Rejection("pool.size", poolText, "not a whole number"));
            }
        }
        if (!bad.isEmpty()) {
            throw new Rejected(bad);
        }
        return new StoreSettings(url, user, pwFile, password, sslmode, root, node, connect, statement, pool);
    }

    private static Duration duration(Map<String, ?> props, String key, List<Rejection> bad) {
        String v = text(props, key);
        if (v == null) {
            return Duration.ofSeconds(5);
        }
        try {
            Duration d = Duration.parse(v);
            if (d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0) {
                bad.add(new Rejection(key, v, "must be PT1S to PT1M"));
            }
            return d;
        } catch (DateTimeParseException e) {
            bad.add(new Rejection(key, v, "not an ISO-8601 duration such as PT5S"));
            return Duration.ofSeconds(5);
        }
    }

    private static String text(Map<String, ?> props, String key) {
        Object v = props.get(key);
        if (v == null) {
            return null;
        }
        String s = String.valueOf(v).strip();
        return s.isEmpty() ? null : s;
    }

    /** Without the password. */
    @Override
    public String toString() {
        return url == null ? "local files" : "PostgreSQL " + url + (user == null ? "" : " as " + user);
    }
}
