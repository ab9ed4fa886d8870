package dev.portcullis.stream;

import java.util.Locale;

/**
 * The defined stream error conditions of RFC 6120 §4.9.3, each with its element name (in the
 * {@code urn:ietf:params:xml:ns:xmpp-streams} namespace) and the section that defines it.
 */
public enum StreamErrorCondition {
    /** RFC 6120 §4.9.3.1: XML that cannot be processed. */
    BAD_FORMAT("4.9.3.1"),
    /** RFC 6120 §4.9.3.2: an unsupported namespace prefix, e.g. not {@code stream:} for the stream element. */
    BAD_NAMESPACE_PREFIX("4.9.3.2"),
    /** RFC 6120 §4.9.3.3: a new stream conflicts with an existing one. */
    CONFLICT("4.9.3.3"),
    /** RFC 6120 §4.9.3.4: no traffic for too long. */
    CONNECTION_TIMEOUT("4.9.3.4"),
    /** RFC 6120 §4.9.3.5: the domain in {@code to} is no longer served here. */
    HOST_GONE("4.9.3.5"),
    /** RFC 6120 §4.9.3.6: the domain in {@code to} is not served here. */
    HOST_UNKNOWN("4.9.3.6"),
    /** RFC 6120 §4.9.3.7: a stanza between servers lacks a valid {@code to} or {@code from}. */
    IMPROPER_ADDRESSING("4.9.3.7"),
    /** RFC 6120 §4.9.3.8: misconfiguration or internal error. */
    INTERNAL_SERVER_ERROR("4.9.3.8"),
    /** RFC 6120 §4.9.3.9: a {@code from} that does not match an authenticated domain. */
    INVALID_FROM("4.9.3.9"),
    /** RFC 6120 §4.9.3.10: wrong stream or content namespace. */
    INVALID_NAMESPACE("4.9.3.10"),
    /** RFC 6120 §4.9.3.11: invalid XML (e.g. against a schema). */
    INVALID_XML("4.9.3.11"),
    /** RFC 6120 §4.9.3.12: data before the stream was authenticated. */
    NOT_AUTHORIZED("4.9.3.12"),
    /** RFC 6120 §4.9.3.13: XML that is not well-formed (including invalid UTF-8). */
    NOT_WELL_FORMED("4.9.3.13"),
    /** RFC 6120 §4.9.3.14: a local policy was broken (size limit, TLS policy). */
    POLICY_VIOLATION("4.9.3.14"),
    /** RFC 6120 §4.9.3.15: a remote server could not be reached for authentication. */
    REMOTE_CONNECTION_FAILED("4.9.3.15"),
    /** RFC 6120 §4.9.3.16: the stream must be reset (e.g. a security service changed); retryable. */
    RESET("4.9.3.16"),
    /** RFC 6120 §4.9.3.17: not enough resources. */
    RESOURCE_CONSTRAINT("4.9.3.17"),
    /** RFC 6120 §4.9.3.18: comments, processing instructions, DTD or entity references (§11.1). */
    RESTRICTED_XML("4.9.3.18"),
    /** RFC 6120 §4.9.3.19: the peer should connect to another host. */
    SEE_OTHER_HOST("4.9.3.19"),
    /** RFC 6120 §4.9.3.20: the server is shutting down. */
    SYSTEM_SHUTDOWN("4.9.3.20"),
    /** RFC 6120 §4.9.3.21: none of the others applies. */
    UNDEFINED_CONDITION("4.9.3.21"),
    /** RFC 6120 §4.9.3.22: an encoding other than UTF-8. */
    UNSUPPORTED_ENCODING("4.9.3.22"),
    /** RFC 6120 §4.9.3.23: a required stream feature is not supported. */
    UNSUPPORTED_FEATURE("4.9.3.23"),
    /** RFC 6120 §4.9.3.24: a first-level child that is not a known stanza or negotiation element. */
    UNSUPPORTED_STANZA_TYPE("4.9.3.24"),
    /** RFC 6120 §4.9.3.25: a stream version we do not support. */
    UNSUPPORTED_VERSION("4.9.3.25");

    /** Namespace of the condition elements (RFC 6120 §4.9.2). */
    public static final String NAMESPACE = "urn:ietf:params:xml:ns:xmpp-streams";

    private final String section;

    StreamErrorCondition(String section) {
        this.section = section;
    }

    /** The element name, e.g. {@code host-unknown}. */
    public String elementName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The defining section, e.g. {@code RFC 6120 §4.9.3.6}. */
    public String specSection() {
        return "RFC 6120 §" + section;
    }

    /** The condition with this element name, or {@link #UNDEFINED_CONDITION} for an unknown one (§4.9.4). */
    public static StreamErrorCondition fromElementName(String name) {
        for (StreamErrorCondition c : values()) {
            if (c.elementName().equals(name)) {
                return c;
            }
        }
        return UNDEFINED_CONDITION;
    }
}
