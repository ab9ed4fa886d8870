package dev.portcullis.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class GogoQuotingTest {

    @Test
    void plainWordsAreJoinedWithSpaces() {
        assertEquals("lb -s", GogoQuoting.join(List.of("lb", "-s")));
    }

    @Test
    void aSingleArgumentIsTakenAsACommandLine() {
        assertEquals("lb | grep api", GogoQuoting.join(List.of("lb | grep api")));
    }

    @Test
    void anArgumentTheShellKeptTogetherStaysOneGogoArgument() {
        assertEquals("echo 'two words'", GogoQuoting.join(List.of("echo", "two words")));
    }
}
