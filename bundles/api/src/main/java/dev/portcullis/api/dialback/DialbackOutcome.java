package dev.portcullis.api.dialback;

import java.util.Objects;

/**
 * The answer to a {@code db:result} or {@code db:verify}.
 *
 * @param type           valid, invalid or error
 * @param error          the condition when {@code type} is ERROR, else {@code null}
 * @param reason         what happened, naming the peer, for the log
 * @param shortcut       true when the XEP-0344 shortcut decided without a {@code db:verify} round trip
 */
public record DialbackOutcome(DialbackResultType type, DialbackError error, String reason, boolean shortcut) {
    public DialbackOutcome {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reason, "reason");
        if ((type == DialbackResultType.ERROR) != (error != null)) {
            throw new IllegalArgumentException("an error condition goes with type='error' and only there");
        }
    }
}
