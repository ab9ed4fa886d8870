package dev.portcullis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PendingStanzasTest {

    @Test
    void queueIsBoundedSoAnUnansweringPeerCannotExhaustMemory() {
        PendingStanzas<String> q = new PendingStanzas<>(2);
        assertTrue(q.offer("a"));
        assertTrue(q.offer("b"));
        assertFalse(q.offer("c"));
        assertEquals(2, q.size());
    }

    @Test
    void drainReturnsStanzasInOrderAndEmptiesTheQueue() {
        PendingStanzas<String> q = new PendingStanzas<>(5);
        q.offer("1");
        q.offer("2");
        assertEquals(List.of("1", "2"), q.drain());
        assertEquals(0, q.size());
        assertTrue(q.offer("3"));
    }
}
