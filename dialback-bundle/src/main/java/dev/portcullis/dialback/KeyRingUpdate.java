package dev.portcullis.dialback;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works out the {@link KeyRing} after a configuration change: a configured {@code secret} or the generated
 * one makes keys; a configured {@code secret.previous}, or the secret just replaced, stays accepted for
 * {@code secret.previous.grace} (XEP-0185 §2 note 3) so keys already on the wire still verify.
 */
final class KeyRingUpdate {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRingUpdate.class);

    private final SecretFile secretFile;
    private String generated;

    KeyRingUpdate(SecretFile secretFile) {
        this.secretFile = secretFile;
    }

    /** The ring for {@code settings}, given the ring in force before ({@code null} on activation). */
    synchronized KeyRing next(KeyRing before, DialbackSettings settings, Instant now) {
        String current;
        String source;
        if (settings.secret() != null) {
            current = settings.secret();
            source = "configured (secret)";
        } else {
            if (generated == null) {
                generated = secretFile.loadOrCreate();
            }
            current = generated;
            source = secretFile.path() == null ? "generated (in memory only)" : "generated (" + secretFile.path() + ")";
        }
        KeyRing ring;
        if (settings.previousSecret() != null && !settings.previousSecret().equals(current)) {
            Instant since = secretFile.previousSince(settings.previousSecret(), now);
            ring = new KeyRing(current, source, settings.previousSecret(), since, since.plus(settings.previousGrace()));
        } else if (before != null && !before.current().equals(current)) {
            ring = new KeyRing(current, source, before.current(), now, now.plus(settings.previousGrace()));
        } else if (before != null && before.previous() != null && !before.previous().equals(current)) {
            ring = new KeyRing(current, source, before.previous(), before.previousSince(),
                    before.previousSince().plus(settings.previousGrace()));
        } else {
            ring = KeyRing.of(current, source);
        }
        if (before != null && !before.current().equals(ring.current())) {
            LOG.info("Dialback secret rotated: new keys use the {} secret; the previous secret is accepted until {} "
                    + "(secret.previous.grace = {}).", source, ring.previousUntil(), settings.previousGrace());
        }
        return ring;
    }
}
