package dev.portcullis.api.store;

/** The shared store did not confirm an operation (unreachable, timed out, overloaded); the message says which store. */
public final class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
