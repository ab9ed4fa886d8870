package dev.portcullis.api;

/**
 * Which side of an s2s stream we are on (RFC 6120 §4.1: "initiating entity" and "receiving entity";
 * RFC 7712 §4.1 and §4.2: the two DNA flows).
 */
public enum Direction {
    /** The peer opened the stream to us; we are the receiving entity (RFC 7712 §4.2, client certificate). */
    INBOUND,
    /** We opened the stream to the peer; we are the initiating entity (RFC 7712 §4.1, server certificate). */
    OUTBOUND
}
