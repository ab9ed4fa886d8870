package dev.portcullis.stream;

import java.util.Locale;

/** The domain part of a JID (RFC 7622 §3.2), enough to check stanza addressing on s2s streams. */
final class Jids {
    private Jids() {
    }

    /** The lower-cased domainpart of {@code jid}, or {@code null} if it has none (RFC 6120 §4.9.3.7). */
    static String domain(String jid) {
        if (jid == null || jid.isEmpty()) {
            return null;
        }
        int slash = jid.indexOf('/');
        String bare = slash >= 0 ? jid.substring(0, slash) : jid;
        int at = bare.indexOf('@');
        String domain = at >= 0 ? bare.substring(at + 1) : bare;
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1); // RFC 7622 §3.2: a trailing dot is stripped
        }
        if (domain.isEmpty() || domain.length() > 1023 || domain.chars().anyMatch(c -> c <= ' ' || c == '@' || c == '/')) {
            return null;
        }
        return domain.toLowerCase(Locale.ROOT);
    }
}
