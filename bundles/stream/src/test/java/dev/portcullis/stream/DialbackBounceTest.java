package dev.portcullis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.api.dialback.DialbackError;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What stanzas queued for a domain pair bounce with when its dialback fails (XEP-0220 §2.1.1, §2.5):
 * {@code internal-server-error} after {@code type='invalid'}, {@code remote-server-timeout} after
 * {@code type='error'} or when the stream ends while waiting for the answer.
 */
class DialbackBounceTest {

    /** alpha.test → beta.test in plaintext (permitted by the test policy), its db:result sent and awaiting the answer. */
    private static Raw awaitingAnswer() {
        Raw r = Raw.outbound();
        r.services.policy.plaintextPeers.add(TestPki.BETA);
        r.send("<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'"
                + " xmlns:db='jabber:server:dialback' from='beta.test' to='alpha.test' id='sid-1' version='1.0'>"
                + "<stream:features/>");
        r.send("<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        assertEquals(SessionState.DIALBACK, r.host.session.state(), r.output::toString);
        return r;
    }

    @Test
    void bouncesWithInternalServerErrorAfterAnInvalidAnswer_xep0220_2_1_1() {
        Raw r = awaitingAnswer();
        r.send("<db:result xmlns:db='jabber:server:dialback' from='beta.test' to='alpha.test' type='invalid'/>");
        assertEquals(List.of(DialbackError.INTERNAL_SERVER_ERROR), r.host.failureConditions);
    }

    @Test
    void bouncesWithRemoteServerTimeoutAfterAnErrorAnswer_xep0220_2_1_1_xep0220_2_5() {
        Raw r = awaitingAnswer();
        r.send("<db:result xmlns:db='jabber:server:dialback' from='beta.test' to='alpha.test' type='error'>"
                + "<error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></db:result>");
        assertEquals(List.of(DialbackError.REMOTE_SERVER_TIMEOUT), r.host.failureConditions);
    }

    @Test
    void bouncesWithRemoteServerTimeoutWhenTheStreamEndsBeforeTheAnswer_xep0220_2_1_1() {
        Raw r = awaitingAnswer();
        r.host.session.transportClosed("connection reset");
        assertEquals(List.of(DialbackError.REMOTE_SERVER_TIMEOUT), r.host.failureConditions);
    }
}
