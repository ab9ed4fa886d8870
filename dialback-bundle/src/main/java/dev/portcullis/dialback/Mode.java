package dev.portcullis.dialback;

import java.util.Locale;

/** The {@code mode} setting: when Server Dialback may authenticate a domain pair (RFC 7712 §4.3, XEP-0344). */
enum Mode {
    /** Only when the peer's certificate could not be proven by any prooftype (RFC 7712 §4.3). The default. */
    FALLBACK,
    /** Never: only a proven certificate authenticates a peer (SASL EXTERNAL, or XEP-0344 §2.4). */
    NEVER,
    /** Also alongside a proven certificate, e.g. for a piggybacked domain it does not name (RFC 7712 §4.4.1). */
    ALLOWED;

    /** The value as written in the configuration. */
    String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Mode parse(String value) {
        for (Mode mode : values()) {
            if (mode.configValue().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new IllegalArgumentException("must be one of fallback, never, allowed");
    }
}
