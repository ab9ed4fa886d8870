package dev.portcullis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.stream.Element;
import org.junit.jupiter.api.Test;

class StanzasTest {

    @Test
    void pingIsAnIqGetWithPingChildXep0199Section4_1() {
        Element p = Stanzas.ping("a.test", "b.test", "x1");
        assertTrue(Stanzas.isPing(p));
        Element r = Stanzas.result(p);
        assertEquals("result", r.attribute("type"));
        assertEquals("b.test", r.attribute("from"));
        assertEquals("a.test", r.attribute("to"));
        assertEquals("x1", r.attribute("id"));
    }

    @Test
    void errorsAreNeverAnsweredWithErrorsRfc6120Section8_3_1() {
        Element p = Stanzas.ping("a.test", "b.test", "x1");
        Element err = Stanzas.error(p, "cancel", "remote-server-not-found", "down");
        assertEquals("error", err.attribute("type"));
        assertEquals("remote-server-not-found (down)", Stanzas.errorCondition(err));
        assertNull(Stanzas.error(err, "cancel", "service-unavailable", null));
    }

    @Test
    void domainOfStripsLocalpartResourceAndTrailingDot() {
        assertEquals("b.test", Domains.domainOf("User@B.Test./res"));
    }
}
