package dev.portcullis.server;

import java.util.Locale;
import java.util.regex.Pattern;

/** Domain name checks for configuration and stanza addresses (RFC 7622 §3.2). */
final class Domains {
    // LDH labels; IDNs are expected in their A-label form in configuration files.
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private Domains() {
    }

    static boolean isValid(String domain) {
        return domain != null && DOMAIN.matcher(domain).matches();
    }

    /** The domain part of a JID (RFC 7622 §3.2), lower case, or {@code null} when absent. */
    static String domainOf(String jid) {
        if (jid == null || jid.isEmpty()) {
            return null;
        }
        String s = jid;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        int at = s.indexOf('@');
        if (at >= 0) {
            s = s.substring(at + 1);
        }
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
