package dev.portcullis.it.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.testkit.host.AdminResult;
import dev.portcullis.testkit.host.PortcullisHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The launcher as an administrator meets it: {@code bin/portcullis run} reports where it runs, what it loaded
 * and which bundle failed to resolve and why, while everything else keeps running; {@code admin} and
 * {@code stop} work over the owner-only Unix socket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LauncherIT {

    private PortcullisHome host;

    @BeforeAll
    void startHostWithAnUnresolvableBundle() throws Exception {
        host = TestHomes.create("LauncherIT");
        host.deployPlugin(ProbeBundles.unresolvable(Files.createDirectories(host.dir().resolve("probes"))));
        host.start();
    }

    @AfterAll
    void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void startupReportNamesHomePluginsAndConfigsOnStdoutAndInTheLog() {
        for (String text : List.of(host.console(), host.log())) {
            assertTrue(text.contains("home:    " + host.dir()), text);
            assertTrue(text.contains("ACTIVE    dev.portcullis.api "), text);
            assertTrue(text.contains("dev.portcullis.server  from file:" + host.etc().resolve("dev.portcullis.server.cfg")), text);
            assertTrue(text.contains("Portcullis is ready"), text);
        }
    }

    @Test
    void unresolvableBundleIsNamedWithTheMissingRequirementAndTheHostRunsOn() {
        String expected = "NOT RESOLVED: dev.portcullis.it.unresolvable 1.0.0";
        for (String text : List.of(host.console(), host.log())) {
            String line = text.lines().filter(l -> l.contains(expected)).findFirst()
                    .orElseThrow(() -> new AssertionError("no '" + expected + "' in:\n" + text));
            assertTrue(line.contains("missing requirement") && line.contains("osgi.wiring.package=dev.portcullis.nowhere"), line);
        }
        assertTrue(host.admin("lb").contains("Active"), "the host still answers admin commands");
    }

    @Test
    void adminSocketIsOwnerOnly() throws IOException {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(host.adminSocket())));
    }

    @Test
    void anUnknownAdminCommandIsAUsageErrorOnTheSocket() {
        assertEquals(new AdminResult(2, "", "Error: Command not found: no-such-command\n"),
                host.adminResult("no-such-command"));
    }

    @Test
    void adminScriptPrintsCommandOutputOnStdoutAndExits0() {
        AdminResult ok = host.adminScript("lb", "-s");
        assertEquals(0, ok.status(), ok::toString);
        assertTrue(ok.stdout().contains("dev.portcullis.api"), ok::toString);
        assertEquals("", ok.stderr(), ok::toString);
    }

    @Test
    void adminScriptExits2ForAnUnknownCommandWithTheReasonOnStderr() {
        assertEquals(new AdminResult(2, "", "Error: Command not found: no-such-command\n"),
                host.adminScript("no-such-command"));
    }

    @Test
    void adminScriptExits2ForArgumentsTheCommandDoesNotTake() {
        assertEquals(new AdminResult(2, "", "Error: Cannot coerce ping(Token) to any of [(String, String)]\n"),
                host.adminScript("portcullis:ping", "a.test"));
        assertEquals(new AdminResult(2, "", "Error: unknown option '--xml'; usage: portcullis:streams [--json]\n"),
                host.adminScript("portcullis:streams", "--xml"));
    }

    @Test
    void adminScriptExits1WhenThePingCannotBeSentXep0199() {
        assertEquals(new AdminResult(1, "", "Error: no pong from nowhere.test: a.test is not a local domain; local domains: []\n"),
                host.adminScript("portcullis:ping", "a.test", "nowhere.test"));
    }

    @Test
    void adminScriptExits1ForAnUnknownStreamId() {
        assertEquals(new AdminResult(1, "", "Error: no stream s-404; list them with portcullis:streams\n"),
                host.adminScript("portcullis:stream", "s-404"));
    }

    @Test
    void adminScriptExits3WhenNoHostRunsWithThatHome() throws Exception {
        Path nowhere = Files.createTempDirectory("no-host-");
        Cli r = cli("admin", "--home", nowhere.toString(), "lb");
        assertEquals(3, r.status(), r.output());
        assertEquals("portcullis: no Portcullis host is running with home " + nowhere + " (no " + nowhere.resolve("data/admin.sock")
                + "); start it with 'portcullis run --home " + nowhere + "'\n", r.output());
    }

    @Test
    void secondHostOnTheSameHomeIsRefused() throws Exception {
        Cli second = cli("run", "--home", host.dir().toString());
        assertEquals(1, second.status(), second.output());
        assertTrue(second.output().contains("another Portcullis host is already running with home " + host.dir()), second.output());
        assertTrue(host.admin("lb").contains("Active"), "the first host is unharmed");
    }

    @Test
    void stopScriptStopsTheHostCleanly() throws Exception {
        try (PortcullisHome other = TestHomes.create("LauncherIT-stop").start()) {
            Cli stop = cli("stop", "--home", other.dir().toString());
            assertEquals(0, stop.status(), stop.output());
            assertTrue(stop.output().contains("Portcullis stopped"), stop.output());
            assertEquals(0, other.stop(), "the host process exits with status 0");
            assertFalse(Files.exists(other.adminSocket()), "the socket is removed on stop");
        }
    }

    private record Cli(int status, String output) {
    }

    private static Cli cli(String... args) throws Exception {
        Path script = Path.of(System.getProperty(PortcullisHome.DIST_PROPERTY), "bin", "portcullis");
        List<String> command = new java.util.ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("portcullis " + String.join(" ", args) + " did not finish");
        }
        return new Cli(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
