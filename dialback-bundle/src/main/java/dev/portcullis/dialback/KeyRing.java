package dev.portcullis.dialback;

import java.time.Instant;
import java.util.Objects;

/**
 * The secrets in force: the current one makes every key; a previous one is still accepted by the
 * authoritative role until {@code previousUntil}, so streams whose keys were made before a rotation finish
 * verifying (XEP-0185 §2, XEP-0220 §2.2.2).
 *
 * @param current       the secret making keys
 * @param currentSource where it came from, for the log ("configured", "generated in …")
 * @param previous      the replaced secret, or {@code null}
 * @param previousSince when it was replaced
 * @param previousUntil until when it is accepted
 */
record KeyRing(String current, String currentSource, String previous, Instant previousSince, Instant previousUntil) {

    /** Which secret a presented key was made with. */
    enum Match { CURRENT, PREVIOUS, NONE }

    KeyRing {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(currentSource, "currentSource");
        if ((previous == null) != (previousUntil == null) || (previous == null) != (previousSince == null)) {
            throw new IllegalArgumentException("a previous secret comes with its grace period");
        }
    }

    static KeyRing of(String current, String source) {
        return new KeyRing(current, source, null, null, null);
    }

    /** XEP-0185 §2 key with the current secret (originating role, XEP-0220 §2.1.1). */
    String key(String receivingDomain, String originatingDomain, String streamId) {
        return DialbackKeys.compute(current, receivingDomain, originatingDomain, streamId);
    }

    /** Checks a key against the current secret, then the previous one while its grace lasts (XEP-0220 §2.2.2). */
    Match check(String key, String receivingDomain, String originatingDomain, String streamId, Instant now) {
        if (DialbackKeys.matches(DialbackKeys.compute(current, receivingDomain, originatingDomain, streamId), key)) {
            return Match.CURRENT;
        }
        if (previousAccepted(now)
                && DialbackKeys.matches(DialbackKeys.compute(previous, receivingDomain, originatingDomain, streamId), key)) {
            return Match.PREVIOUS;
        }
        return Match.NONE;
    }

    boolean previousAccepted(Instant now) {
        return previous != null && now.isBefore(previousUntil);
    }
}
