package dev.portcullis.dialback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** XEP-0185 §2: nodes compare an HMAC of a fixed text under their secret, never the secret. */
class SecretAgreementTest {

    @Test
    void theStoreHoldsAnHmacNotTheSecretAndOnePerNode() {
        var table = new ConcurrentHashMap<String, dev.portcullis.api.store.StoredEntry>();
        var store = new SharedReplayGuardTest.FakeStore(table, "node1");
        AtomicReference<KeyRing> ring = new AtomicReference<>(KeyRing.of("the shared secret of a.test", "test"));
        new SecretAgreement(store, ring::get, () -> "test");
        String stored = table.get(SecretAgreement.NAMESPACE + "node1").value();
        assertEquals(SecretAgreement.hmac("the shared secret of a.test"), stored);
        assertFalse(stored.contains("secret"));
        assertEquals(64, stored.length());
        assertNotEquals(SecretAgreement.hmac("another secret of a.test"), stored);
    }

    @Test
    void duringARotationBothHmacsArePublished() {
        var table = new ConcurrentHashMap<String, dev.portcullis.api.store.StoredEntry>();
        var store = new SharedReplayGuardTest.FakeStore(table, "node1");
        Instant now = Instant.now();
        KeyRing rotating = new KeyRing("the new secret of a.test", "test", "the old secret of a.test", now,
                now.plusSeconds(3600));
        new SecretAgreement(store, () -> rotating, () -> "test");
        assertEquals(SecretAgreement.hmac("the new secret of a.test") + " " + SecretAgreement.hmac("the old secret of a.test"),
                table.get(SecretAgreement.NAMESPACE + "node1").value());
    }
}
