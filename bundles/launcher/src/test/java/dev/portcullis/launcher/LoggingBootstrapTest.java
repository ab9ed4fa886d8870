package dev.portcullis.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoggingBootstrapTest {

    @TempDir
    Path home;

    @Test
    void substitutesLauncherPropertiesAndLeavesOthersForLog4j() throws Exception {
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/org.ops4j.pax.logging.cfg"),
                "a = ${portcullis.data}/log/portcullis.log\nb = ${sys:user.home}\n");
        HomeLayout layout = new HomeLayout(home, home, home.resolve("system"), home.resolve("plugins"));
        Path written = LoggingBootstrap.prepare(layout, Map.of("portcullis.data", "/h/data"));
        assertEquals("a = /h/data/log/portcullis.log\nb = ${sys:user.home}\n", Files.readString(written));
    }
}
