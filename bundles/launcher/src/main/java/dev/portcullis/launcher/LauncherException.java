package dev.portcullis.launcher;

/** A problem the administrator can fix; its message says what happened and what to do. */
final class LauncherException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitStatus;

    LauncherException(String message) {
        this(ExitStatus.FAILED, message, null);
    }

    LauncherException(String message, Throwable cause) {
        this(ExitStatus.FAILED, message, cause);
    }

    LauncherException(int exitStatus, String message, Throwable cause) {
        super(message, cause);
        this.exitStatus = exitStatus;
    }

    /** What {@code portcullis} exits with (see {@link ExitStatus}). */
    int exitStatus() {
        return exitStatus;
    }
}
