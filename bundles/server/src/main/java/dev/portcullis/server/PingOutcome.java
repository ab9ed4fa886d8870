package dev.portcullis.server;

import java.time.Duration;

/**
 * The result of an XEP-0199 ping across federation.
 *
 * @param success   a result IQ came back (XEP-0199 §4.3)
 * @param roundTrip time from sending to the answer, or {@code null} when none came
 * @param detail    the error condition or why no answer came, for the administrator
 */
record PingOutcome(boolean success, Duration roundTrip, String detail) {
}
