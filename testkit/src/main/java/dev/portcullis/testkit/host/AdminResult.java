package dev.portcullis.testkit.host;

/**
 * What one admin (Gogo) command answered, as {@code portcullis admin} reports it.
 *
 * @param status the exit status {@code portcullis admin} exits with: 0 done, 1 the command failed, 2 unknown
 *               command or wrong arguments, 3 no host running (the launcher's {@code ExitStatus})
 * @param stdout what the command printed and its formatted result, when it succeeded
 * @param stderr why it failed ({@code Error: <message>}), when it did
 */
public record AdminResult(int status, String stdout, String stderr) {
    public AdminResult {
        if (status < 0 || status > 255) {
            throw new IllegalArgumentException("exit status " + status + " is not one a process can have");
        }
        if (stdout == null || stderr == null) {
            throw new IllegalArgumentException("stdout and stderr are never null (empty when nothing was printed)");
        }
    }

    /** Status 0. */
    public boolean ok() {
        return status == 0;
    }

    @Override
    public String toString() {
        return "exit status " + status + (stdout.isEmpty() ? "" : "\n--- stdout:\n" + stdout)
                + (stderr.isEmpty() ? "" : "\n--- stderr:\n" + stderr);
    }
}
