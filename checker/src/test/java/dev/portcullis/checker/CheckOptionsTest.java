package dev.portcullis.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: good input parses, every kind of bad input is a clear usage error (exit 2), never a trace. */
class CheckOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void parsesEveryOption() throws Exception {
        Path anchor = Files.writeString(tmp.resolve("anchor.txt"), ". 3600 IN DS 1 8 2 00");
        Path ca = Files.writeString(tmp.resolve("ca.pem"), "x");
        CheckOptions o = CheckOptions.parse("--json", "--min-grade", "b", "--dns", "127.0.0.1:5353", "--trust-anchor",
                anchor.toString(), "--ca", ca.toString(), "--connect", "[::1]:5269", "--direct-tls", "--from",
                "Checker.Example.", "Example.ORG.");
        assertEquals("example.org", o.domain());
        assertTrue(o.json());
        assertEquals(Grade.B, o.minGrade());
        assertEquals(5353, o.dns().getPort());
        assertEquals(new CheckOptions.HostPort("::1", 5269), o.connect());
        assertTrue(o.directTls());
        assertEquals("checker.example", o.from());
    }

    @Test
    void defaultsAreTheInvalidFromDomainAndNoMinimumGrade() {
        CheckOptions o = CheckOptions.parse("example.org");
        assertEquals("check.portcullis.invalid", o.from());
        assertNull(o.minGrade());
        assertNull(o.dns());
    }

    @Test
    void idnDomainsBecomeALabels() {
        assertEquals("xn--bcher-kva.example", CheckOptions.parse("bücher.example").domain());
    }

    @Test
    @DisplayName("RFC 7622 §3.2: the checker refuses the domains the host's DomainName refuses (an '_', an unassigned code point)")
    void refusesWhatTheHostRefuses() {
        for (String d : new String[] {"a_b.example", "\u0378.example"}) {
            CheckOptions.UsageException e = assertThrows(CheckOptions.UsageException.class, () -> CheckOptions.parse(d),
                    d);
            assertEquals("domain is not a domain name: '" + d + "' (letters, digits and hyphens, or an "
                    + "internationalised name; RFC 7622 §3.2)", e.getMessage());
        }
    }

    @Test
    void rejectsHostileAndMistypedInput() {
        String[][] bad = {
            {},
            {"a.example", "b.example"},
            {"--frobnicate", "a.example"},
            {"--dns", "resolver.example:53", "a.example"},
            {"--dns", "127.0.0.1", "a.example"},
            {"--dns", "127.0.0.1:99999", "a.example"},
            {"--dns", "127.0.0.1:fifty", "a.example"},
            {"--min-grade", "E", "a.example"},
            {"--min-grade"},
            {"--ca", tmp.resolve("missing.pem").toString(), "a.example"},
            {"--trust-anchor", tmp.toString(), "a.example"},
            {"--direct-tls", "a.example"},
            {"--no-dns", "a.example"},
            {"a.example'><stream:stream"},
            {"exa mple.org"},
            {"a".repeat(64) + ".example"},
            {"--from", "", "a.example"},
            {"--connect", "host:0", "a.example"},
        };
        for (String[] args : bad) {
            assertThrows(CheckOptions.UsageException.class, () -> CheckOptions.parse(args), String.join(" ", args));
        }
    }

    @Test
    void usageErrorsExitWithTwoAndExplainThemselves() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"--min-grade", "Z", "example.org"}, new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC());
        assertEquals(Main.USAGE, exit);
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("--min-grade: unknown grade 'Z'"), e);
        assertTrue(e.contains("exit status:"), "the usage text documents the exit codes: " + e);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpExitsZero() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(Main.OK, Main.run(new String[] {"--help"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage: portcullis check"));
    }

    @Test
    void aSilentDnsServerIsACouldNotRunThatNamesTheResolver() throws Exception {
        int port;
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"--dns", "127.0.0.1:" + port, "example.org"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC());
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(Main.COULD_NOT_RUN, exit, e);
        assertTrue(e.contains("no answer from DNS 127.0.0.1:" + port), e);
    }

    @Test
    void anUnreadableTrustAnchorIsACouldNotRunNotACrash() throws Exception {
        Path anchor = Files.writeString(tmp.resolve("anchor.txt"), "this is not a zone file\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"--dns", "127.0.0.1:9", "--trust-anchor", anchor.toString(), "example.org"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC());
        assertEquals(Main.COULD_NOT_RUN, exit, err.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot check example.org"));
    }
}
