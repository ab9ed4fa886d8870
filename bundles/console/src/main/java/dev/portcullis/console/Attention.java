package dev.portcullis.console;

import dev.portcullis.api.stream.StreamSecurity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What needs attention, computed once per request for the page and {@code attention.json}: the links now
 * (how many, how many encrypted, by authentication method: RFC 7590 §3.6), the problems of the last hour and
 * of the last day, and negotiations and failures per minute for the chart.
 *
 * @param now        when this was computed
 * @param monitored  the s2s server is running (else the link counts are unknown)
 * @param links      live s2s streams
 * @param encrypted  how many of them are TLS-encrypted
 * @param byMethod   live streams per authentication method label, in a stable order
 * @param hour       the last hour
 * @param day        the last day
 * @param chart      the last {@link #CHART_MINUTES} minutes
 */
record Attention(Instant now, boolean monitored, int links, int encrypted, Map<String, Integer> byMethod, Window hour,
                 Window day, Chart chart) {
    static final int CHART_MINUTES = 60;
    /** Rows shown per window; the counts include every problem. */
    static final int MAX_ROWS = 25;

    Attention {
        Objects.requireNonNull(now, "now");
        byMethod = Map.copyOf(byMethod);
    }

    /** Problems of one window: counts per kind (all of them) and rows (grouped, newest first). */
    record Window(String name, Duration length, Map<ProblemKind, Integer> counts, List<Row> rows) {
        Window {
            counts = Map.copyOf(counts);
            rows = List.copyOf(rows);
        }

        int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * One problem: a kind, the peer (or local) domain and clause, the newest reason, how often, and when last.
     * Peer text as kept by {@link SecurityEventLog} (bounded, control characters escaped); escape it where shown.
     */
    record Row(ProblemKind kind, String domain, String reason, String spec, int count, Instant last) {
    }

    /** Per-minute series, oldest first, the current minute last. */
    record Chart(int[] negotiations, int[] failures) {
        Chart {
            negotiations = negotiations.clone();
            failures = failures.clone();
        }
    }

    static Attention of(Sources s) {
        EventTimeline timeline = s.events().timeline();
        Instant now = timeline.now();
        int links = 0;
        int encrypted = 0;
        Map<String, Integer> byMethod = new TreeMap<>();
        if (s.monitor() != null) {
            for (StreamSecurity x : s.monitor().streams()) {
                links++;
                encrypted += x.encrypted() ? 1 : 0;
                byMethod.merge(Labels.method(x.authMethod()), 1, Integer::sum);
            }
        }
        List<SecurityEvent> recent = s.events().recent();
        return new Attention(now, s.monitor() != null, links, encrypted, byMethod,
                window("hour", Duration.ofHours(1), now, recent, timeline),
                window("day", Duration.ofDays(1), now, recent, timeline),
                new Chart(timeline.negotiations(CHART_MINUTES), timeline.failures(CHART_MINUTES)));
    }

    private static Window window(String name, Duration length, Instant now, List<SecurityEvent> recent,
                                 EventTimeline timeline) {
        Map<ProblemKind, Integer> counts = new EnumMap<>(ProblemKind.class);
        for (ProblemKind k : ProblemKind.values()) {
            counts.put(k, timeline.total(k, length));
        }
        Instant since = now.minus(length);
        Map<List<String>, Row> rows = new LinkedHashMap<>();
        for (SecurityEvent e : recent) { // newest first
            if (e.received().isBefore(since)) {
                continue;
            }
            ProblemKind kind = ProblemKind.of(e).orElse(null);
            if (kind == null) {
                continue;
            }
            String domain = e.properties().get("domain");
            String reason = reason(e);
            // one row per kind, domain and clause: reasons differ in details such as the peer's port; the newest shows
            rows.merge(List.of(kind.name(), String.valueOf(domain), String.valueOf(e.properties().get("spec"))),
                    new Row(kind, domain, reason, e.properties().get("spec"), 1, e.received()),
                    (old, one) -> new Row(old.kind(), old.domain(), old.reason(), old.spec(), old.count() + 1, old.last()));
        }
        List<Row> list = new ArrayList<>(rows.values());
        list.sort(Comparator.comparing(Row::last).reversed());
        return new Window(name, length, counts, list.subList(0, Math.min(MAX_ROWS, list.size())));
    }

    /** The event's reason, or for events without one (certificate change, expiry) their other facts. */
    private static String reason(SecurityEvent e) {
        String reason = e.properties().get("reason");
        if (reason != null && !reason.isBlank()) {
            return reason;
        }
        StringBuilder b = new StringBuilder();
        new TreeMap<>(e.properties()).forEach((k, v) -> {
            if (!k.equals("domain") && !k.equals("stream") && !k.equals("spec")) {
                b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v);
            }
        });
        return b.toString();
    }
}
