package dev.portcullis.api.tls;

/** No engine can be built for a stream; the message tells the administrator why and what to change. */
public class TlsPolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    public TlsPolicyException(String message) {
        super(message);
    }

    public TlsPolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
