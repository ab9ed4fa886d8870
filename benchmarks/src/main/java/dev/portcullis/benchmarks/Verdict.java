package dev.portcullis.benchmarks;

/**
 * One issue-12 target checked against one measured figure: {@code met} is {@code null} when the figure could not
 * be measured (then {@code measured} says why).
 */
record Verdict(String target, String subject, String measured, Boolean met) {
    Verdict {
        if (target == null || target.isBlank() || subject == null || measured == null) {
            throw new IllegalArgumentException("a verdict names its target, its subject and what was measured");
        }
    }

    String word() {
        return met == null ? "not measured" : met ? "**met**" : "**not met**";
    }

    static final String CPU = "server CPU per full negotiation ≤ ½ of Prosody's (same run, same certificates)";
    static final String PING = "established-link ping p99 ≤ 10 ms during the storm, none lost";
    static final String RSS = "≤ 40 KiB RSS per idle authenticated stream at 10,000 streams";
    static final String FAILURES = "0 failed negotiations";

    static Verdict cpu(String subject, double portcullisMs, double prosodyMs) {
        if (Double.isNaN(portcullisMs) || Double.isNaN(prosodyMs)) {
            return new Verdict(CPU, subject, "no figure for " + (Double.isNaN(portcullisMs) ? "Portcullis" : "Prosody"), null);
        }
        return new Verdict(CPU, subject, String.format("%.2f ms vs Prosody %.2f ms (%.2f×; target ≤ %.2f ms)",
                portcullisMs, prosodyMs, portcullisMs / prosodyMs, prosodyMs / 2), portcullisMs <= prosodyMs / 2);
    }

    static Verdict ping(String subject, double p99Ms, int sent, int lost) {
        if (sent == 0) {
            return new Verdict(PING, subject, "no ping was sent", null);
        }
        return new Verdict(PING, subject, String.format("p99 %.1f ms, %d of %d lost", p99Ms, lost, sent),
                p99Ms <= 10.0 && lost == 0);
    }

    static Verdict rss(String subject, IdleMemory m) {
        if (m == null || m.streams() == 0) {
            return new Verdict(RSS, subject, "no idle streams were held", null);
        }
        String at = String.format("%.1f KiB per stream at %,d streams", m.rssPerStreamKiB(), m.streams());
        if (m.streams() < 10_000) {
            // a smaller run (--quick, or streams refused) says nothing about 10k: shown, not judged
            return new Verdict(RSS, subject, at + " (fewer than 10,000: not judged)", null);
        }
        return new Verdict(RSS, subject, at, m.rssPerStreamKiB() <= 40.0);
    }

    static Verdict failures(String subject, int attempted, int failed) {
        if (attempted == 0) {
            return new Verdict(FAILURES, subject, "no negotiation was attempted", null);
        }
        return new Verdict(FAILURES, subject, String.format("%d failed of %,d attempted", failed, attempted), failed == 0);
    }
}
