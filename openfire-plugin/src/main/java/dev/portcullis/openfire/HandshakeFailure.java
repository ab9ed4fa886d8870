package dev.portcullis.openfire;

import java.util.Locale;

/** The clause a refused TLS handshake on the s2s port enforces, from the JSSE's (local, not peer-sent) reason. */
final class HandshakeFailure {

    private HandshakeFailure() {
    }

    static String clause(String jsseReason) {
        String r = jsseReason.toLowerCase(Locale.ROOT);
        if (r.contains("protocol")) {
            return "RFC 8996 §2, §3; RFC 9325 §3.1.1: TLS 1.1 and older are not negotiated";
        }
        if (r.contains("cipher")) {
            return "RFC 9325 §4.1: only ECDHE with AEAD suites (or the TLS 1.3 suites) are negotiated";
        }
        return "RFC 9325 §3";
    }
}
