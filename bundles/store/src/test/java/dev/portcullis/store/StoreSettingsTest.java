package dev.portcullis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dev.portcullis.store: absent url means local files; every bad value is refused by key, with the reason. */
class StoreSettingsTest {
    @TempDir
    Path dir;

    private static StoreSettings.Rejection only(Map<String, ?> props) {
        StoreSettings.Rejected e = assertThrows(StoreSettings.Rejected.class, () -> StoreSettings.parse(props));
        assertEquals(1, e.rejections().size(), e.rejections().toString());
        return e.rejections().get(0);
    }

    @Test
    void noUrlMeansLocalFiles() throws Exception {
        StoreSettings s = StoreSettings.parse(Map.of("url", " "));
        assertFalse(s.shared());
        assertEquals("local files", s.toString());
    }

    @Test
    void acceptsAPostgresUrlWithPasswordFileAndNeverShowsThePassword() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "s3cret\nignored\n");
        StoreSettings s = StoreSettings.parse(Map.of("url", "jdbc:postgresql://db:5432/x", "user", "u",
                "password-file", pw.toString(), "sslmode", "verify-full", "statement.timeout", "PT2S"));
        assertTrue(s.shared());
        assertEquals("s3cret", s.password());
        assertEquals(Duration.ofSeconds(2), s.statementTimeout());
        assertFalse(s.toString().contains("s3cret"));
        assertEquals("PostgreSQL u@db:5432/x", PostgresStore.describe(s));
    }

    @Test
    void refusesOtherDatabasesPasswordsInTheUrlAndBadValues() throws Exception {
        assertEquals("url", only(Map.of("url", "jdbc:mysql://db/x")).key());
        StoreSettings.Rejection pw = only(Map.of("url", "jdbc:postgresql://db/x?password=hunter2"));
        assertFalse(pw.logLine("f").contains("hunter2"), pw.logLine("f"));
        assertEquals("sslmode", only(Map.of("url", "jdbc:postgresql://db/x", "sslmode", "verify")).key());
        assertEquals("password-file", only(Map.of("url", "jdbc:postgresql://db/x", "password-file",
                dir.resolve("missing").toString())).key());
        assertEquals("password-file", only(Map.of("url", "jdbc:postgresql://db/x", "password-file",
                Files.writeString(dir.resolve("empty"), "").toString())).key());
        assertEquals("connect.timeout", only(Map.of("url", "jdbc:postgresql://db/x", "connect.timeout", "PT0S")).key());
        assertEquals("statement.timeout", only(Map.of("url", "jdbc:postgresql://db/x", "statement.timeout", "5s")).key());
        assertEquals("pool.size", only(Map.of("url", "jdbc:postgresql://db/x", "pool.size", "0")).key());
        assertEquals("node", only(Map.of("url", "jdbc:postgresql://db/x", "node", "a b")).key());
    }
}
