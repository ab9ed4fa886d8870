package dev.portcullis.checker;

import java.io.IOException;
import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code ./portcullis check [options] <domain>}. Exit status: 0 the check ran (and the grade is at least
 * {@code --min-grade}); 1 the grade is below {@code --min-grade}; 2 usage error; 3 the check could not run
 * (no endpoint found or reachable, or its inputs could not be read).
 */
public final class Main {
    static final int OK = 0;
    static final int BELOW_MIN_GRADE = 1;
    static final int USAGE = 2;
    static final int COULD_NOT_RUN = 3;

    /** Held so the level set in {@link #main} sticks (JUL keeps loggers weakly). */
    private static final java.util.logging.Logger BOUNCY_CASTLE = java.util.logging.Logger.getLogger("org.bouncycastle");

    private Main() {
    }

    public static void main(String[] args) {
        // BCJSSE logs every alert and property at INFO on stderr; the report already says what matters
        BOUNCY_CASTLE.setLevel(java.util.logging.Level.SEVERE);
        System.exit(run(args, System.out, System.err, Clock.systemUTC()));
    }

    static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
        CheckOptions options;
        try {
            options = CheckOptions.parse(args);
        } catch (CheckOptions.UsageException e) {
            if (!e.getMessage().isEmpty()) {
                err.println("portcullis check: " + e.getMessage());
                err.println();
            }
            err.println(CheckOptions.USAGE);
            return e.getMessage().isEmpty() ? OK : USAGE;
        }
        Report report;
        try {
            report = new Checker(options, clock, new SecureRandom(), Duration.ofSeconds(10)).run();
        } catch (IOException | GeneralSecurityException e) {
            err.println("portcullis check: cannot check " + options.domain() + ": " + e.getMessage());
            return COULD_NOT_RUN;
        }
        out.print(options.json() ? JsonReport.render(report) + "\n" : TextReport.render(report));
        out.flush();
        if (!report.ran()) {
            err.println("portcullis check: no endpoint of " + options.domain()
                    + " could be reached; check its SRV records and firewall, or name one with --connect HOST:PORT");
            return COULD_NOT_RUN;
        }
        if (options.minGrade() != null && report.grade().isBelow(options.minGrade())) {
            err.println("portcullis check: grade " + report.grade() + " is below --min-grade " + options.minGrade());
            return BELOW_MIN_GRADE;
        }
        return OK;
    }
}
