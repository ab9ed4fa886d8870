package dev.portcullis.demo;

/** Host log lines as the console shows them: the message, without timestamp, level, thread and logger. */
final class LogLines {
    private LogLines() {
    }

    /** {@code 2026-11-21T21:00:00,000 WARN  [thread] logger - message} becomes {@code WARN message}. */
    static String message(String line) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("^\\S+\\s+(TRACE|DEBUG|INFO|WARN|ERROR)\\s+\\[[^]]*\\]\\s+\\S+\\s+-\\s+(.*)$").matcher(line);
        String text = m.find() ? m.group(1) + " " + m.group(2) : line.strip();
        return shortenFingerprints(text);
    }

    /** Whole SHA-256 fingerprints drown a sentence; the first four bytes tell them apart, the JSON has them all. */
    static String shortenFingerprints(String text) {
        return FINGERPRINT.matcher(text).replaceAll(r -> r.group(1) + "…");
    }

    private static final java.util.regex.Pattern FINGERPRINT =
            java.util.regex.Pattern.compile("\\b((?:[0-9A-Fa-f]{2}:){3}[0-9A-Fa-f]{2})(?::[0-9A-Fa-f]{2}){28}\\b");
}
