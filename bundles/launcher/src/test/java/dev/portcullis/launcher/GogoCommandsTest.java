package dev.portcullis.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.felix.gogo.runtime.CommandNotFoundException;
import org.junit.jupiter.api.Test;

/** How what a Gogo command threw becomes the exit status of {@code portcullis admin} (see {@link ExitStatus}). */
class GogoCommandsTest {

    @Test
    void anUnknownCommandIsAUsageError() {
        assertEquals(ExitStatus.USAGE, GogoCommands.statusOf(new CommandNotFoundException("portcullis:nope")));
    }

    @Test
    void argumentsTheCommandDoesNotTakeAreAUsageError() {
        assertEquals(ExitStatus.USAGE, GogoCommands.statusOf(new IllegalArgumentException("Cannot coerce ping(String)")));
    }

    @Test
    void anythingElseThrownIsAFailedCommand() {
        assertEquals(ExitStatus.FAILED, GogoCommands.statusOf(new IllegalStateException("no pong from b.test")));
        assertEquals(ExitStatus.FAILED, GogoCommands.statusOf(new NullPointerException()));
    }

    @Test
    void onlyTheThreeAnswerStatusesExist() {
        assertThrows(IllegalArgumentException.class, () -> new GogoCommands.Result((byte) 3, ""));
        assertEquals(ExitStatus.FAILED, ExitStatus.ofAnswer((byte) 7), "an unknown status byte counts as failed");
    }
}
