package dev.portcullis.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No default password: a random one, written owner-only, kept across restarts, in the console's hash format. */
class PasswordFileTest {
    @TempDir
    Path dir;

    @Test
    void generatesARandomOwnerOnlyPasswordOnceAndKeepsIt() throws IOException {
        Path f = dir.resolve("data/console-password");
        String first = new PasswordFile(f, new SecureRandom()).readOrCreate();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(24, first.length());
        assertEquals(first, new PasswordFile(f, new SecureRandom()).readOrCreate(), "a restart keeps the password");
        assertFalse(new PasswordFile(f, new SecureRandom()).readableByOthers());
        assertNotEquals(first, new PasswordFile(dir.resolve("other"), new SecureRandom()).readOrCreate());
    }

    @Test
    void refusesAShortPasswordAnAdministratorWroteWithAClearError() throws IOException {
        Path f = Files.writeString(dir.resolve("console-password"), "admin\n");
        IOException e = assertThrows(IOException.class, () -> new PasswordFile(f, new SecureRandom()).readOrCreate());
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("12 characters"), e.getMessage());
    }

    @Test
    void hashesTheWayTheFelixWebConsoleCompares() {
        // OsgiManager.DEFAULT_PASSWORD of webconsole 5.0.18 is the hash of "admin" in this format
        assertEquals("{sha-256}jGl25bVBBBW96Qi9Te4V37Fnqchz/Eu4qB9vKrRIqRg=", PasswordFile.webConsoleHash("admin"));
    }
}
