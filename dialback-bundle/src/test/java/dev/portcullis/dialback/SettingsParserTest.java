package dev.portcullis.dialback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration values as an administrator writes them in etc/dev.portcullis.dialback.cfg. */
class SettingsParserTest {

    @Test
    void emptyConfigurationGivesTheDocumentedDefaults() {
        SettingsParser.Parsed parsed = SettingsParser.parse(Map.of());
        assertTrue(parsed.accepted());
        DialbackSettings s = parsed.settings();
        assertEquals(Mode.FALLBACK, s.mode());
        assertNull(s.secret());
        assertEquals(Duration.ofSeconds(20), s.verifyTimeout());
        assertEquals(Duration.ofHours(1), s.previousGrace());
        assertEquals(30, s.resultLimit());
    }

    @Test
    void acceptsEveryKeyInItsTextForm() {
        DialbackSettings s = Fixtures.settings(Map.of(
                "mode", " Allowed ", "secret", "0123456789abcdef0123", "secret.previous", "fedcba9876543210fedc",
                "secret.previous.grace", "PT30M", "verify.timeout", "PT5S", "result.limit", "5", "result.window", "PT2M",
                "require-proof-domains", "a.example, *.b.example", "dialback-domains", "c.example d.example",
                "hosted-domains", "us.example"));
        assertEquals(Mode.ALLOWED, s.mode());
        assertEquals("0123456789abcdef0123", s.secret());
        assertEquals(Duration.ofMinutes(30), s.previousGrace());
        assertEquals(Duration.ofSeconds(5), s.verifyTimeout());
        assertEquals(5, s.resultLimit());
        assertEquals("*.b.example", s.requireProofDomains().match("x.b.example"));
        assertEquals("d.example", s.dialbackDomains().match("D.Example."));
        assertEquals("us.example", s.hostedDomains().match("us.example"));
    }

    @Test
    void domainListsAcceptArraysFromTheWebConsole() {
        DialbackSettings s = SettingsParser.parse(Map.of("dialback-domains", new String[] {"a.example", "b.example, c.example"}))
                .settings();
        assertEquals(3, s.dialbackDomains().entries().size());
    }

    @Test
    void everyBadValueIsReportedWithKeyValueAndReason() {
        SettingsParser.Parsed parsed = SettingsParser.parse(Map.of(
                "mode", "sometimes", "verify.timeout", "20", "secret.previous.grace", "P400D", "result.limit", "0",
                "result.window", "fast", "require-proof-domains", "good.example, bad_domain!", "secret", "short"));
        assertFalse(parsed.accepted());
        assertNull(parsed.settings());
        List<String> keys = parsed.rejections().stream().map(ConfigRejection::key).toList();
        assertEquals(List.of("mode", "secret", "secret.previous.grace", "verify.timeout", "result.limit", "result.window",
                "require-proof-domains").stream().sorted().toList(), keys.stream().sorted().toList());
        ConfigRejection mode = parsed.rejections().stream().filter(r -> r.key().equals("mode")).findFirst().orElseThrow();
        assertEquals("sometimes", mode.value());
        assertTrue(mode.reason().contains("fallback, never, allowed"));
        ConfigRejection timeout = parsed.rejections().stream().filter(r -> r.key().equals("verify.timeout")).findFirst().orElseThrow();
        assertTrue(timeout.reason().contains("PT20S"), "tells how to write it: " + timeout.reason());
    }

    @Test
    void secretsNeverAppearInRejections() {
        SettingsParser.Parsed parsed = SettingsParser.parse(Map.of("secret", "tooShort", "secret.previous", "bad\u0001secret-of-length"));
        assertEquals(2, parsed.rejections().size());
        for (ConfigRejection r : parsed.rejections()) {
            assertFalse(r.logLine("p", "f").contains("tooShort") || r.logLine("p", "f").contains("bad\u0001"), r.logLine("p", "f"));
            assertTrue(r.value().startsWith("(hidden"), r.value());
        }
    }

    @Test
    void aDomainInBothOverrideListsIsRejected() {
        SettingsParser.Parsed parsed = SettingsParser.parse(Map.of("require-proof-domains", "a.example",
                "dialback-domains", "a.example"));
        assertFalse(parsed.accepted());
        assertTrue(parsed.rejections().get(0).reason().contains("one list or the other"));
    }

    @Test
    void rejectionLineHasTheTeamFormat() {
        assertEquals("Rejected configuration dev.portcullis.dialback from /opt/portcullis/etc/dev.portcullis.dialback.cfg: "
                        + "mode = sometimes: must be one of fallback, never, allowed; the previous configuration stays in force",
                new ConfigRejection("mode", "sometimes", "must be one of fallback, never, allowed")
                        .logLine("dev.portcullis.dialback", "/opt/portcullis/etc/dev.portcullis.dialback.cfg"));
    }
}
