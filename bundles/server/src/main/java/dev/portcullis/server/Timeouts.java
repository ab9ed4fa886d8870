package dev.portcullis.server;

import java.time.Duration;

/**
 * When a connection must be closed or kept alive. Pure, so tests drive it with any clock value.
 *
 * @param negotiation time allowed from accept/connect to the first authenticated domain pair
 * @param idle        close an authenticated stream that received nothing this long (RFC 6120 §4.6.3); 0 = never
 * @param keepalive   send whitespace after this long without sending (RFC 6120 §4.6.1); 0 = never
 */
record Timeouts(Duration negotiation, Duration idle, Duration keepalive) {

    enum Action {
        NONE,
        /** Not authenticated within the negotiation timeout: {@code <connection-timeout/>} (RFC 6120 §4.9.3.4). */
        CLOSE_NEGOTIATION,
        /** Authenticated but silent for the idle timeout (RFC 6120 §4.6.3). */
        CLOSE_IDLE,
        /** Send a whitespace keepalive (RFC 6120 §4.6.1). */
        KEEPALIVE
    }

    static Timeouts of(ServerSettings s) {
        return new Timeouts(s.negotiationTimeout(), s.idleTimeout(), s.keepaliveInterval());
    }

    /**
     * @param openedAt      millis when the connection was accepted or connected
     * @param lastReadAt    millis of the last bytes received
     * @param lastWriteAt   millis of the last bytes sent
     * @param authenticated whether any domain pair is authenticated on it
     */
    Action check(long now, long openedAt, long lastReadAt, long lastWriteAt, boolean authenticated) {
        if (!authenticated) {
            return now - openedAt >= negotiation.toMillis() ? Action.CLOSE_NEGOTIATION : Action.NONE;
        }
        if (!idle.isZero() && now - lastReadAt >= idle.toMillis()) {
            return Action.CLOSE_IDLE;
        }
        if (!keepalive.isZero() && now - lastWriteAt >= keepalive.toMillis()) {
            return Action.KEEPALIVE;
        }
        return Action.NONE;
    }
}
