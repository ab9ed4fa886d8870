package dev.portcullis.launcher;

/** A problem the administrator can fix; its message says what happened and what to do. */
final class LauncherException extends Exception {

    private static final long serialVersionUID = 1L;

    LauncherException(String message) {
        super(message);
    }

    LauncherException(String message, Throwable cause) {
        super(message, cause);
    }
}
