package dev.portcullis.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.api.event.PortcullisEvents;
import dev.portcullis.testkit.MutableClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

/** The top of the XMPP Federation page: counts, problems of the last hour and day, the chart's series. */
class AttentionTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-08T12:00:30Z"));
    final SecurityEventLog log = new SecurityEventLog(clock, 10);

    void refused(String domain, String reason) {
        log.handleEvent(new Event(PortcullisEvents.REFUSED, Map.of(PortcullisEvents.PROP_DOMAIN, domain,
                PortcullisEvents.PROP_REASON, reason, PortcullisEvents.PROP_SPEC, "RFC 7590 §3.1")));
    }

    Attention attention() {
        return Attention.of(new Sources(null, null, null, log));
    }

    @Test
    void anEmptyConsoleHasNoProblemsAndAFlatChart() {
        Attention a = attention();
        assertFalse(a.monitored());
        assertEquals(0, a.links());
        assertEquals(0, a.hour().total());
        assertEquals(0, a.day().rows().size());
        assertArrayEquals(new int[Attention.CHART_MINUTES], a.chart().failures());
        String html = html(a);
        assertTrue(html.contains("<p id='pc-problems-hour-none' class='pc-ok'>No problems in the last hour.</p>"), html);
        assertTrue(html.contains("<td class='pc-links-count'>0</td>"), html);
    }

    @Test
    @DisplayName("problems are grouped by kind, domain and reason; the hour and the day are counted apart")
    void problemsOfTheHourAndTheDayAreGroupedAndCounted() {
        refused("old.test", "no TLS");
        clock.advance(Duration.ofHours(2));
        refused("evil.test", "no TLS");
        refused("evil.test", "no TLS");
        log.handleEvent(new Event(PortcullisEvents.POLICY_VIOLATION, Map.of(PortcullisEvents.PROP_DOMAIN, "weak.test",
                PortcullisEvents.PROP_REASON, "TLS 1.1", PortcullisEvents.PROP_SPEC, "RFC 8996 §5")));
        log.handleEvent(new Event(PortcullisEvents.REFUSED, Map.of(PortcullisEvents.PROP_DOMAIN, "dnssec.test",
                PortcullisEvents.PROP_REASON, "the SRV records of dnssec.test are bogus")));
        log.handleEvent(new Event(PortcullisEvents.AUTHENTICATED, Map.of(PortcullisEvents.PROP_DOMAIN, "ok.test")));
        Attention a = attention();
        assertEquals(Map.of(ProblemKind.REFUSED, 2, ProblemKind.POLICY_VIOLATION, 1, ProblemKind.DNSSEC_BOGUS, 1,
                ProblemKind.CERTIFICATE_CHANGED, 0, ProblemKind.CERTIFICATE_EXPIRING, 0, ProblemKind.DIALBACK_INVALID, 0),
                a.hour().counts());
        assertEquals(3, a.hour().rows().size());
        Attention.Row evil = a.hour().rows().stream().filter(r -> "evil.test".equals(r.domain())).findFirst().orElseThrow();
        assertEquals(2, evil.count());
        assertEquals("RFC 7590 §3.1", evil.spec());
        assertEquals(3, a.day().counts().get(ProblemKind.REFUSED), "the day includes the refusal two hours ago");
        assertEquals(4, a.day().rows().size());
        int[] failures = a.chart().failures();
        assertEquals(4, failures[Attention.CHART_MINUTES - 1], "refusals, violation and bogus DNSSEC this minute");
        assertEquals(1, a.chart().negotiations()[Attention.CHART_MINUTES - 1]);
        assertEquals(4, java.util.Arrays.stream(failures).sum(), "the refusal two hours ago is outside the chart");
    }

    @Test
    @DisplayName("expiring local certificates and bogus DNSSEC answers (RFC 4035 §5.5) are problems; located peers are not")
    void expiryAndBogusDnssecAreProblems() {
        log.handleEvent(new Event("dev/portcullis/local/CERTIFICATE_EXPIRING", Map.of("domain", "a.test",
                "days", "7", "notAfter", "2026-12-15T00:00:00Z")));
        log.handleEvent(new Event("dev/portcullis/dna/LOCATED", Map.of("domain", "bad.test", "dnssec", "BOGUS")));
        log.handleEvent(new Event("dev/portcullis/dna/LOCATED", Map.of("domain", "ok.test", "dnssec", "SECURE")));
        log.handleEvent(new Event(PortcullisEvents.DIALBACK_INVALID, Map.of("domain", "forger.test", "reason", "bad key")));
        Attention a = attention();
        assertEquals(1, a.hour().counts().get(ProblemKind.CERTIFICATE_EXPIRING));
        assertEquals(1, a.hour().counts().get(ProblemKind.DNSSEC_BOGUS));
        assertEquals(1, a.hour().counts().get(ProblemKind.DIALBACK_INVALID));
        assertEquals(3, a.hour().total());
        Attention.Row expiring = a.hour().rows().stream().filter(r -> r.kind() == ProblemKind.CERTIFICATE_EXPIRING)
                .findFirst().orElseThrow();
        assertEquals("days 7, notAfter 2026-12-15T00:00:00Z", expiring.reason());
        assertEquals(2, java.util.Arrays.stream(a.chart().failures()).sum(), "bogus DNSSEC and invalid dialback failed");
    }

    @Test
    void theDayCountsStayExactBeyondTheEventsKeptInFull() {
        for (int i = 0; i < 50; i++) {
            refused("d" + i + ".test", "no TLS");
        }
        Attention a = attention();
        assertEquals(50, a.day().counts().get(ProblemKind.REFUSED));
        assertEquals(10, a.day().rows().size(), "rows come from the 10 events kept in full");
    }

    @Test
    void problemsOlderThanADayAreForgotten() {
        refused("old.test", "no TLS");
        clock.advance(Duration.ofHours(24).plusMinutes(1));
        Attention a = attention();
        assertEquals(0, a.day().total());
        assertEquals(0, a.day().rows().size());
    }

    @Test
    @DisplayName("peer-chosen domains and reasons are escaped in the page (issue 11: PeerText, OWASP encoder)")
    void peerTextInProblemRowsIsEscaped() {
        refused("<img src=x onerror=alert(1)>", "</td><script>alert(2)</script>");
        String html = html(attention());
        assertFalse(html.contains("<img") || html.contains("<script>alert"), html);
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), html);
        String json = AttentionJson.render(attention());
        assertTrue(json.contains("\"domain\" : \"<img src=x onerror=alert(1)>\""), "JSON carries the text as data: " + json);
    }

    @Test
    void theSectionLoadsItsScriptFromTheBundleNotInline() {
        String html = html(attention());
        assertTrue(html.contains("<script src='/system/console/xmpp-federation/attention.js' defer></script>"), html);
        assertEquals(1, html.split("<script", -1).length - 1, "one script element, and it has a src: " + html);
    }

    static String html(Attention a) {
        StringWriter s = new StringWriter();
        AttentionSection.render(new PrintWriter(s), a, "/system/console/xmpp-federation");
        return s.toString();
    }
}
