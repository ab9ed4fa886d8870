package dev.portcullis.launcher;

/**
 * The exit statuses of {@code portcullis admin} (and {@code stop}), which scripts rely on. The admin socket
 * answers with the status byte of the command ({@link #OK}, {@link #FAILED} or {@link #USAGE}), and the client
 * exits with it; {@link #NO_HOST} is the client's own.
 */
final class ExitStatus {

    /** The command did what it was asked; its output is on stdout. */
    static final int OK = 0;
    /** The command ran and failed (e.g. no pong, unknown stream id); the reason is on stderr. */
    static final int FAILED = 1;
    /** No such command, or arguments it does not take; the reason is on stderr. */
    static final int USAGE = 2;
    /** No host answers on the home's admin socket. */
    static final int NO_HOST = 3;

    private ExitStatus() {
    }

    /** The status the client exits with for the status byte of an answer: unknown bytes count as failed. */
    static int ofAnswer(byte status) {
        return status == OK || status == USAGE ? status : FAILED;
    }
}
