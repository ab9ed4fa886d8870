package dev.portcullis.api.dialback;

/** Error conditions of a {@code type='error'} dialback answer (XEP-0220 §2.5, RFC 6120 §8.3.3). */
public enum DialbackError {
    ITEM_NOT_FOUND("item-not-found", "cancel"),
    REMOTE_CONNECTION_FAILED("remote-connection-failed", "cancel"),
    REMOTE_SERVER_NOT_FOUND("remote-server-not-found", "cancel"),
    REMOTE_SERVER_TIMEOUT("remote-server-timeout", "wait"),
    POLICY_VIOLATION("policy-violation", "cancel"),
    NOT_AUTHORIZED("not-authorized", "auth"),
    FORBIDDEN("forbidden", "auth"),
    RESOURCE_CONSTRAINT("resource-constraint", "wait"),
    INTERNAL_SERVER_ERROR("internal-server-error", "cancel");

    private final String condition;
    private final String errorType;

    DialbackError(String condition, String errorType) {
        this.condition = condition;
        this.errorType = errorType;
    }

    /** The defined condition's element name (RFC 6120 §8.3.3). */
    public String condition() {
        return condition;
    }

    /** The error {@code type} attribute (RFC 6120 §8.3.2). */
    public String errorType() {
        return errorType;
    }
}
