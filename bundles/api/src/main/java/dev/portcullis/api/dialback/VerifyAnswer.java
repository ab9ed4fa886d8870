package dev.portcullis.api.dialback;

import java.util.Objects;

/**
 * The authoritative server's answer to a {@link VerifyQuery} (XEP-0220 §2.1.2, §2.4).
 *
 * @param type   valid, invalid or error
 * @param error  the condition when type is ERROR (including our own failure to reach the server)
 * @param detail what happened, for the log
 */
public record VerifyAnswer(DialbackResultType type, DialbackError error, String detail) {
    public VerifyAnswer {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detail, "detail");
    }
}
