package dev.portcullis.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * Who may scrape: loopback clients by default; with a bearer token file, only requests carrying that token
 * (RFC 6750 §2.1), and then optionally remote clients too. Fails closed: remote access without a token, or a
 * token file that cannot be read, answers nobody but an administrator's error line.
 *
 * @param tokenFile the bearer token file, or {@code null} for none
 * @param remote    whether clients beyond loopback are answered
 */
record MetricsAccess(Path tokenFile, boolean remote) {
    static final MetricsAccess LOOPBACK_ONLY = new MetricsAccess(null, false);
    static final int MIN_TOKEN_LENGTH = 32;

    MetricsAccess {
        if (remote && tokenFile == null) {
            throw new IllegalArgumentException("remote = true needs bearer.token.file: the metrics say which defences "
                    + "fired, so a scraper beyond loopback must authenticate");
        }
    }

    /** From the configuration; an invalid one throws with the reason. */
    static MetricsAccess parse(Map<String, ?> properties) {
        Object file = properties.get("bearer.token.file");
        Path token = file == null || file.toString().isBlank() ? null : Path.of(file.toString().strip());
        Object remote = properties.get("remote");
        boolean r;
        if (remote == null || remote instanceof Boolean) {
            r = Boolean.TRUE.equals(remote);
        } else if (remote.toString().strip().equalsIgnoreCase("true") || remote.toString().strip().equalsIgnoreCase("false")) {
            r = Boolean.parseBoolean(remote.toString().strip());
        } else {
            throw new IllegalArgumentException("remote = " + remote + ": must be true or false");
        }
        return new MetricsAccess(token, r);
    }

    /** A refusal (HTTP status and text for the scraper), or empty when the request may be answered. */
    Optional<Refusal> check(boolean loopback, String authorization) {
        if (!loopback && !remote) {
            return Optional.of(new Refusal(403, "Portcullis metrics answer loopback clients only; scrape through a local "
                    + "proxy or tunnel, or set remote = true with a bearer.token.file in etc/" + MetricsConfig.PID + ".cfg"));
        }
        if (tokenFile == null) {
            return Optional.empty();
        }
        String expected;
        try {
            expected = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return Optional.of(new Refusal(503, "the bearer token file cannot be read", "the metrics bearer token file "
                    + tokenFile + " cannot be read (" + e.getMessage() + "); scrapes are refused until it can"));
        }
        if (expected.length() < MIN_TOKEN_LENGTH) {
            return Optional.of(new Refusal(503, "the bearer token is not usable", "the metrics bearer token in " + tokenFile
                    + " is shorter than " + MIN_TOKEN_LENGTH + " characters; scrapes are refused until it is longer "
                    + "(openssl rand -hex 32)"));
        }
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : "";
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(new Refusal(401, "a valid bearer token is required (Authorization: Bearer <token>)"));
        }
        return Optional.empty();
    }

    /**
     * @param status   the HTTP status
     * @param text     what the scraper is told
     * @param logLine  what the administrator is told, or {@code null} when the scraper's own mistake needs no line
     */
    record Refusal(int status, String text, String logLine) {
        Refusal(int status, String text) {
            this(status, text, null);
        }
    }
}
