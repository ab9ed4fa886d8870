package dev.portcullis.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line an administrator meets first: clear words and exit status 2 when the demo cannot run. */
class DemoTest {
    @TempDir
    Path dir;

    private static String[] run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = Demo.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new String[] {String.valueOf(status), bytes.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void withoutADistributionItSaysHowToBuildOne() {
        String[] r = run("--dist", dir.toString());
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("no Portcullis distribution at " + dir) && r[1].contains("mvn -B -DskipTests install"), r[1]);
    }

    @Test
    void unknownArgumentsAndBadSceneNumbersAreRefusedWithUsage() {
        String[] unknown = run("--dist", dir.toString(), "--fast");
        assertEquals("2", unknown[0]);
        assertTrue(unknown[1].contains("unknown argument '--fast'") && unknown[1].contains("Usage"), unknown[1]);
        String[] scenes = run("--scenes", "one");
        assertEquals("2", scenes[0]);
        assertTrue(scenes[1].contains("--scenes takes numbers"), scenes[1]);
    }

    @Test
    void helpExitsZero() {
        assertEquals("0", run("--help")[0]);
    }

    @Test
    void explanationsWrapAtWordsWithinTheWidth() {
        List<String> lines = Demo.wrap("a.test refuses the connection and says why, citing RFC 8996 §5 and RFC 9325", 20);
        assertTrue(lines.stream().allMatch(l -> l.length() <= 20), lines.toString());
        assertEquals("a.test refuses the connection and says why, citing RFC 8996 §5 and RFC 9325", String.join(" ", lines));
    }
}
