package dev.portcullis.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.owasp.encoder.Encode;

/**
 * Escaping for everything a peer controls (certificate fields, domains, reasons): every value goes through
 * the OWASP encoder for its context, so a hostile certificate cannot inject markup into the console.
 */
final class Html {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Html() {
    }

    /** Text content or a quoted attribute value. {@code null} shows as a dash. */
    static String text(Object value) {
        return value == null ? "&#8211;" : Encode.forHtml(String.valueOf(value));
    }

    /** A query parameter value inside an {@code href}, itself inside a quoted attribute. */
    static String param(String value) {
        return Encode.forHtmlAttribute(Encode.forUriComponent(value));
    }

    static String time(Instant t) {
        return t == null ? "&#8211;" : Encode.forHtml(TIME.format(t));
    }
}
