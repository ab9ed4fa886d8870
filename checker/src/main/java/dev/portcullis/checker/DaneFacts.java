package dev.portcullis.checker;

import java.util.List;
import java.util.Objects;

/**
 * DANE for this endpoint (RFC 7673 §3.3, §4.2; RFC 6698 §2; RFC 7671).
 *
 * @param status  the result
 * @param owner   the TLSA owner name queried ({@code _port._tcp.host})
 * @param records the TLSA records, presentation format
 * @param matched the record that matched, or {@code null}
 * @param detail  why, for an administrator
 */
record DaneFacts(Status status, String owner, List<String> records, String matched, String detail) {
    enum Status {
        /** No TLSA query was possible (no DNS, or the SRV answer was not secure: RFC 7673 §3.1). */
        NOT_CHECKED,
        /** No TLSA records (secure denial or insecure zone). */
        NONE,
        /** TLSA records exist but are not DNSSEC-secure, so they must be ignored (RFC 7673 §3.3). */
        NOT_SECURE,
        /** The TLSA answer is bogus (RFC 4035 §5.5). */
        BOGUS,
        /** A secure TLSA record matches the served chain: DANE authenticates the endpoint. */
        MATCH,
        /** Secure TLSA records exist and none matches: DANE peers refuse the endpoint (RFC 7671 §5). */
        MISMATCH
    }

    DaneFacts {
        Objects.requireNonNull(status, "status");
        records = List.copyOf(records);
    }
}
