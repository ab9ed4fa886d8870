package dev.portcullis.server;

/**
 * A Gogo command of ours that ran and did not get what it was asked for (no pong, no such stream). Thrown, not
 * printed, so the admin channel reports it on stderr with exit status 1 ({@code portcullis admin}) and scripts
 * can tell it from success; the message is what the administrator reads.
 */
final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
        super(message, null, false, false);
    }
}
