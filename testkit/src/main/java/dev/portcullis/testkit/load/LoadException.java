package dev.portcullis.testkit.load;

import java.io.IOException;

/** A negotiation step failed: what was expected and what the server sent instead. */
public final class LoadException extends IOException {
    private static final long serialVersionUID = 1L;

    public LoadException(String message) {
        super(message);
    }

    /** True if the server refused with the retryable {@code <reset/>} stream error (RFC 6120 §4.9.3.16). */
    public boolean isReset() {
        return getMessage() != null && getMessage().contains("<reset");
    }
}
