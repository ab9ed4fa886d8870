package dev.portcullis.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        assertEquals(0, run("help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("admin [--home DIR] COMMAND"));
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertEquals(2, run("--dist", dir.toString(), "frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'frobnicate'"));
    }

    @Test
    void adminWithoutCommandIsAUsageError() {
        assertEquals(2, run("--dist", dir.toString(), "admin", "--home", dir.toString()));
    }

    @Test
    void adminToAHomeWithoutHostSaysHowToStartOneAndExits3() {
        assertEquals(3, run("--dist", dir.toString(), "admin", "--home", dir.toString(), "lb"));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("no Portcullis host is running with home " + dir) && e.contains("portcullis run --home"), e);
    }

    @Test
    void staleSocketFromAKilledHostIsReportedNotHungAndExits3() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.createFile(dir.resolve("data/admin.sock"));
        assertEquals(3, run("--dist", dir.toString(), "stop", "--home", dir.toString()));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("portcullis: no Portcullis host answers on " + dir.resolve("data/admin.sock")), e);
    }

    @Test
    void helpDocumentsTheExitStatuses() {
        assertEquals(0, run("help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Exit status of admin and stop: 0 done; 1 the command "
                + "failed (e.g. portcullis:ping got no pong);\n2 unknown command or wrong arguments; 3 no host is running"
                + " with that home."), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void runWithoutADistributionSaysHowToBuildIt() {
        assertEquals(1, run("--dist", dir.toString(), "run", "--home", dir.resolve("home").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("has no system/ folder"));
    }
}
