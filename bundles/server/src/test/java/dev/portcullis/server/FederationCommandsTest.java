package dev.portcullis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.stream.FederationMonitor;
import dev.portcullis.api.stream.StreamSecurity;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The admin commands signal failure by throwing (the admin channel maps {@link CommandFailure} to exit status 1
 * and {@link IllegalArgumentException} to 2), never by printing it as if it were a result.
 */
class FederationCommandsTest {

    private static final FederationMonitor NO_STREAMS = new FederationMonitor() {
        @Override
        public List<StreamSecurity> streams() {
            return List.of();
        }

        @Override
        public Optional<StreamSecurity> stream(String streamId) {
            return Optional.empty();
        }

        @Override
        public List<X509Certificate> peerChain(String streamId) {
            return List.of();
        }
    };

    private static FederationCommands answering(PingOutcome outcome) {
        return new FederationCommands(NO_STREAMS, (from, to) -> CompletableFuture.completedFuture(outcome));
    }

    @Test
    void aPongPrintsExactlyTheDomainAndTheRoundTripXep0199() {
        String out = answering(new PingOutcome(true, Duration.ofNanos(12_345_678), "pong from b.test"))
                .ping("a.test", "b.test");
        assertEquals("pong from b.test in 12.346 ms", out);
    }

    @Test
    void anErrorAnswerFailsTheCommandWithTheReason() {
        CommandFailure e = assertThrows(CommandFailure.class, () -> answering(new PingOutcome(false, Duration.ofMillis(3),
                "error from b.test: remote-server-not-found")).ping("a.test", "b.test"));
        assertEquals("no pong from b.test: error from b.test: remote-server-not-found", e.getMessage());
    }

    @Test
    void noAnswerFailsTheCommand() {
        CommandFailure e = assertThrows(CommandFailure.class, () -> answering(new PingOutcome(false, null,
                "no answer from b.test within 30 s")).ping("a.test", "b.test"));
        assertEquals("no pong from b.test: no answer from b.test within 30 s", e.getMessage());
    }

    @Test
    void aPingThatCouldNotBeSentFailsTheCommand() {
        FederationCommands c = new FederationCommands(NO_STREAMS,
                (from, to) -> CompletableFuture.failedFuture(new IllegalStateException("reactor stopped")));
        CommandFailure e = assertThrows(CommandFailure.class, () -> c.ping("a.test", "b.test"));
        assertTrue(e.getMessage().startsWith("no pong from b.test: the ping could not be sent ("), e.getMessage());
    }

    @Test
    void anUnknownStreamIdFailsTheCommand() {
        CommandFailure e = assertThrows(CommandFailure.class, () -> answering(null).stream("s-42"));
        assertEquals("no stream s-42; list them with portcullis:streams", e.getMessage());
    }

    @Test
    void anUnknownStreamsOptionIsAUsageError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> answering(null).streams("--xml"));
        assertEquals("unknown option '--xml'; usage: portcullis:streams [--json]", e.getMessage());
        assertEquals("[]", answering(null).streams("--json").strip().replaceAll("\\s", ""));
    }
}
