package dev.portcullis.console;

/**
 * Request-controlled text (headers, paths) for a log line or a refusal message: control characters become
 * {@code \\uXXXX} so nobody can forge log lines (CWE-117), and long values are cut.
 */
final class LogText {
    private LogText() {
    }

    static String printable(String value, int max) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder(Math.min(value.length(), max) + 8);
        int i = 0;
        for (; i < value.length() && b.length() < max; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return i < value.length() ? b + "…" : b.toString();
    }
}
