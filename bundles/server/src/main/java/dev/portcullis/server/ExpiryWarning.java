package dev.portcullis.server;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When to warn that one of our certificates is about to expire: 30, 7 and 1 days before its notAfter, each
 * once, so an administrator hears of it in time to renew (peers refuse an expired certificate, RFC 6120
 * §13.7.2, RFC 5280 §6.1.3). Immutable: the next state comes back with the warning.
 *
 * @param warnedDays the smallest threshold already warned about for this certificate, or {@code null}
 */
record ExpiryWarning(Integer warnedDays) {
    static final int[] THRESHOLD_DAYS = {30, 7, 1};
    static final ExpiryWarning NONE = new ExpiryWarning(null);

    /** The threshold just crossed, if a warning is due now; the caller keeps {@code new ExpiryWarning(t)}. */
    Optional<Integer> due(Instant now, Instant notAfter) {
        Duration left = Duration.between(now, notAfter);
        Integer crossed = null;
        for (int days : THRESHOLD_DAYS) {
            if (left.compareTo(Duration.ofDays(days)) <= 0) {
                crossed = days;
            }
        }
        if (crossed == null || (warnedDays != null && crossed >= warnedDays)) {
            return Optional.empty();
        }
        return Optional.of(crossed);
    }
}
