package dev.portcullis.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Per-minute counts of the last 24 hours: negotiations (authenticated peers), failed negotiations and each
 * {@link ProblemKind}. Fixed size (1440 slots), so a flood of events costs no memory, and the hour and day
 * counts stay exact however few events {@link SecurityEventLog} keeps in full.
 */
final class EventTimeline {
    static final int MINUTES = 24 * 60;
    /** Columns: 0 negotiations, 1 failures, then one per ProblemKind. */
    private static final int COLUMNS = 2 + ProblemKind.values().length;

    private final Clock clock;
    private final long[] minuteOfSlot = new long[MINUTES];
    private final int[][] counts = new int[MINUTES][COLUMNS];

    EventTimeline(Clock clock) {
        this.clock = clock;
        java.util.Arrays.fill(minuteOfSlot, Long.MIN_VALUE);
    }

    Instant now() {
        return clock.instant();
    }

    synchronized void record(SecurityEvent e) {
        long minute = minute(e.received());
        if (minute <= minute(clock.instant()) - MINUTES) {
            return;
        }
        int[] row = slot(minute);
        if (e.kind().equals("AUTHENTICATED")) {
            row[0]++;
        }
        ProblemKind.of(e).ifPresent(k -> {
            row[2 + k.ordinal()]++;
            if (k.failedNegotiation()) {
                row[1]++;
            }
        });
    }

    /** Negotiations per minute, oldest first, for the last {@code minutes} minutes (the current one last). */
    synchronized int[] negotiations(int minutes) {
        return series(0, minutes);
    }

    /** Failed negotiations per minute, the same way. */
    synchronized int[] failures(int minutes) {
        return series(1, minutes);
    }

    /** How many problems of {@code kind} in the last {@code window} (at most 24 hours). */
    synchronized int total(ProblemKind kind, Duration window) {
        int minutes = (int) Math.min(MINUTES, Math.max(1, window.toMinutes()));
        int sum = 0;
        for (int v : series(2 + kind.ordinal(), minutes)) {
            sum += v;
        }
        return sum;
    }

    private int[] series(int column, int minutes) {
        int n = Math.min(MINUTES, Math.max(1, minutes));
        long current = minute(clock.instant());
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            long m = current - (n - 1 - i);
            int s = Math.floorMod(m, MINUTES);
            out[i] = minuteOfSlot[s] == m ? counts[s][column] : 0;
        }
        return out;
    }

    private int[] slot(long minute) {
        int s = Math.floorMod(minute, MINUTES);
        if (minuteOfSlot[s] != minute) {
            minuteOfSlot[s] = minute;
            java.util.Arrays.fill(counts[s], 0);
        }
        return counts[s];
    }

    private static long minute(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), 60);
    }
}
